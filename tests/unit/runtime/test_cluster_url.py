"""A Redis Cluster named by a URL that lists its nodes: split into the first node's URL and the
others, checked like any Redis URL, and taken for a cluster without asking a server."""

import pytest

from services.runtime.cluster import Nodes, is_cluster, split_nodes
from services.runtime.redis_url import BadRedisUrl, check_redis_url


def test_a_url_listing_nodes_splits_into_the_first_node_and_the_others():
    nodes = split_nodes("redis://user:pw@h1:7000,h2:7001, h3:7002/0?socket_timeout=3")

    assert nodes == Nodes(
        "redis://user:pw@h1:7000/0?socket_timeout=3", (("h2", 7001), ("h3", 7002))
    )


def test_a_one_node_url_is_left_as_it_is():
    assert split_nodes("redis://127.0.0.1:6379/0") == Nodes("redis://127.0.0.1:6379/0")


def test_a_url_listing_nodes_is_a_cluster_without_asking_any_of_them():
    assert is_cluster("redis://127.0.0.1:9,127.0.0.1:10/0")  # nothing listens on either


def test_a_node_that_does_not_answer_counts_as_one_plain_node():
    assert not is_cluster("redis://127.0.0.1:9/0")


def test_a_url_listing_nodes_passes_the_url_check():
    url = "rediss://h1:7000,h2:7001/0"
    assert check_redis_url(url) == url


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("redis://h1:7000,h2/0", "the node 'h2' is not host:port"),
        ("redis://h1:7000,h2:port/0", "the node 'h2:port' is not host:port"),
        ("redis://h1:x,h2:7001/0", "Port could not be cast"),
    ],
)
def test_a_bad_node_in_the_list_is_named(url, says):
    with pytest.raises(BadRedisUrl, match=says):
        check_redis_url(url, "--redis-url")
