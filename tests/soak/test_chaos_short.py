"""The chaos soak in its short CI form (about two minutes): the same run as
`python -m tests.soak.chaos`, with faults every few seconds and one empty Redis restart.
The long form is documented in the README (Development: the chaos soak)."""

import pytest

from tests.soak.chaos import DEFAULT_CORPUS, parser, run

pytestmark = [pytest.mark.redis, pytest.mark.slow]


def test_a_short_chaos_soak_loses_doubles_and_leaves_nothing(tmp_path, capsys):
    missing = [str(path) for path in DEFAULT_CORPUS if not path.exists()]
    if missing:
        pytest.skip(f"the soak publishes the real dev articles: {', '.join(missing)} missing")
    args = parser().parse_args(
        ["--minutes", "1.5", "--seed", "17", "--rate", "0.5", "--every", "6",
         "--drain-s", "300", "--folder", str(tmp_path)]
    )  # fmt: skip
    status = run(args)
    line = capsys.readouterr().out.strip().splitlines()[-1]
    print(line)
    assert status == 0, line
    assert line.endswith("PASS")
