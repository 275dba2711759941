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


def test_subcommand_help_and_description_are_inspect_cleandocs():
    """cli.command splits a docstring without inspect (not imported at start-up): the same texts."""
    import inspect
    import textwrap
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    helps = {c.dest: c.help for c in sub._choices_actions}
    assert len(helps) == 8
    for name, p in sub.choices.items():
        func = p.get_default("func")
        first, _, rest = inspect.cleandoc(func.__doc__).partition("\n")
        assert helps[name] == first.rstrip(".") and p.description == textwrap.fill(" ".join(rest.split()), 96), name
