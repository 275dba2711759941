"""Lean start-up (issue 16): the command line builds only the subcommand it runs; help still lists them all."""
from extractor import cli


def _commands(parser) -> list[str]:
    return list(next(a for a in parser._actions if a.dest == "command").choices)


def test_only_the_named_subcommand_is_built_unless_help_or_an_unknown_word():
    assert _commands(cli.build_parser(["-v", "parse", "x.txt", "-o", "out"])) == ["parse"]
    every = _commands(cli.build_parser())
    assert len(every) == 8 and "batch" in every and "review" in every
    for argv in (["--help", "parse"], ["--version"], [], ["pars", "x"], ["-q"]):
        assert _commands(cli.build_parser(argv)) == every, argv
    args = cli.build_parser(["parse", "r.txt", "--timeout", "0"]).parse_args(["parse", "r.txt", "--timeout", "0"])
    assert args.command == "parse" and args.timeout == 0 and args.func is cli.cmd_parse
