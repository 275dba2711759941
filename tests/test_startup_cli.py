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


def test_argparse_untranslated_only_where_no_catalogue_can_be_found(tmp_path, monkeypatch):
    """cli._no_catalogue: argparse's messages as gettext gives them, without looking for a catalogue where
    gettext's folder does not exist; with a folder, gettext is left to do its work."""
    import argparse
    import gettext
    import subprocess
    import sys
    from conftest import ROOT
    monkeypatch.setattr(argparse, "_", argparse._)
    monkeypatch.setattr(argparse, "ngettext", argparse.ngettext)
    domain = gettext.textdomain()
    folder = gettext.bindtextdomain(domain)
    try:
        gettext.bindtextdomain(domain, str(tmp_path))  # a folder: nothing changed
        cli._no_catalogue()
        assert argparse._ is gettext.gettext and argparse.ngettext is gettext.ngettext
        gettext.bindtextdomain(domain, str(tmp_path / "none"))
        cli._no_catalogue()
        assert argparse._("options") == gettext.gettext("options") == "options"
        assert [argparse.ngettext("a", "as", n) for n in (0, 1, 2)] == [gettext.ngettext("a", "as", n) for n in (0, 1, 2)]
    finally:
        gettext.bindtextdomain(domain, folder)
    out = {}
    for how in ("own process", "called"):  # main() in a process of its own and main(argv): the same texts
        code = ("import sys\nfrom extractor.cli import main\n"
                + ("sys.argv = ['extractor', 'parse', '--timeout', 'x', 'r.txt']\nmain()" if how == "own process"
                   else "main(['parse', '--timeout', 'x', 'r.txt'])"))
        out[how] = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stderr
    assert out["own process"] == out["called"] and "invalid" in out["called"]
