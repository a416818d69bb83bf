"""Reading a command line as kubectl (cobra and pflag) reads it.

The line is split as a POSIX shell splits it (``shlex``); a ``#`` starts a comment; the word
``kubectl`` in front is optional. Flags may come anywhere among the arguments (pflag
interspersed), as ``--name=value``, ``--name value``, ``-n value``, ``-nvalue`` or ``-n=value``;
booleans take no value unless written ``--flag=false``; ``--`` ends the flags (``exec POD --
ls``). A mistake is worded as pflag words it (``unknown flag: --foo``).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

from kubelearn.cluster.kubectl.core import Failure


@dataclass(frozen=True)
class Flag:
    name: str
    short: str = ""
    kind: str = "str"  # "str", "bool", "int" or "list" (repeatable)
    default: object = None


@dataclass
class Args:
    """A parsed command: its words, its flags, and what came after ``--``."""

    words: list[str] = field(default_factory=list)
    flags: dict[str, object] = field(default_factory=dict)
    rest: list[str] | None = None
    given: set[str] = field(default_factory=set)

    def get(self, name: str) -> object:
        return self.flags.get(name)

    def str(self, name: str) -> str:
        value = self.flags.get(name)
        return value if isinstance(value, str) else ""

    def bool(self, name: str) -> bool:
        return bool(self.flags.get(name))

    def list(self, name: str) -> list[str]:
        value = self.flags.get(name)
        return list(value) if isinstance(value, list) else []


#: Flags every command takes (kubectl's global flags that matter offline).
GLOBAL = (
    Flag("namespace", "n"),
    Flag("all-namespaces", "A", "bool", False),
    Flag("help", "h", "bool", False),
    Flag("context"),
    Flag("kubeconfig"),
    Flag("v", "v"),
)


def split(line: str) -> list[str]:
    """The words of ``line`` (a shell's split, comments removed); raises Failure on an
    unterminated quote."""
    try:
        lexer = shlex.shlex(line, posix=True, punctuation_chars=False)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        return list(lexer)
    except ValueError as exc:  # "No closing quotation", "No escaped character"
        raise Failure(f"error: could not read the command line: {str(exc).lower()}") from None


def parse(argv: list[str], flags: tuple[Flag, ...], verb: str) -> Args:
    """``argv`` (after the verb) read against ``flags`` and the global flags."""
    table = {f.name: f for f in (*GLOBAL, *flags)}
    shorts = {f.short: f for f in (*GLOBAL, *flags) if f.short}
    args = Args(flags={f.name: ([] if f.kind == "list" else f.default) for f in table.values()})
    i = 0
    while i < len(argv):
        word = argv[i]
        i += 1
        if word == "--":
            args.rest = argv[i:]
            break
        if word.startswith("--") and len(word) > 2:
            name, eq, value = word[2:].partition("=")
            flag = table.get(name)
            if flag is None:
                raise _flag_error(verb, f"unknown flag: --{name}")
            if not eq and flag.kind != "bool":
                if i >= len(argv):
                    raise _flag_error(verb, f"flag needs an argument: --{name}")
                value = argv[i]
                i += 1
            _set(args, flag, value if eq or flag.kind != "bool" else None, f"--{name}", verb)
        elif word.startswith("-") and len(word) > 1 and not _is_number(word):
            j = 1
            while j < len(word):
                letter = word[j]
                flag = shorts.get(letter)
                if flag is None:
                    raise _flag_error(verb, f"unknown shorthand flag: {letter!r} in {word}")
                j += 1
                if flag.kind == "bool":
                    if word[j:j + 1] == "=":
                        _set(args, flag, word[j + 1:], f"-{letter}", verb)
                        break
                    _set(args, flag, None, f"-{letter}", verb)
                    continue
                value = word[j:]
                if value.startswith("="):
                    value = value[1:]
                elif not value:
                    if i >= len(argv):
                        raise _flag_error(verb, f"flag needs an argument: {letter!r} in {word}")
                    value = argv[i]
                    i += 1
                _set(args, flag, value, f"-{letter}", verb)
                break
        else:
            args.words.append(word)
    return args


def _is_number(word: str) -> bool:
    return word[1:].isdigit()


def _set(args: Args, flag: Flag, value: str | None, shown: str, verb: str) -> None:
    args.given.add(flag.name)
    if flag.kind == "bool":
        if value is None:
            args.flags[flag.name] = True
        elif value.lower() in ("true", "1", "t"):
            args.flags[flag.name] = True
        elif value.lower() in ("false", "0", "f"):
            args.flags[flag.name] = False
        else:
            raise _flag_error(verb, f'invalid argument "{value}" for "{shown}" flag: '
                                    f'strconv.ParseBool: parsing "{value}": invalid syntax')
    elif flag.kind == "int":
        text = value or ""
        try:
            number = int(text, 10)
        except ValueError:
            raise _flag_error(verb, f'invalid argument "{text}" for "{shown}" flag: '
                                    f'strconv.ParseInt: parsing "{text}": invalid syntax') from None
        if not -(2**63) <= number < 2**63:
            raise _flag_error(verb, f'invalid argument "{text}" for "{shown}" flag: '
                                    f'strconv.ParseInt: parsing "{text}": value out of range')
        args.flags[flag.name] = number
    elif flag.kind == "list":
        items = args.flags.setdefault(flag.name, [])
        if isinstance(items, list):
            items.append(value or "")
    else:
        args.flags[flag.name] = value or ""


def _flag_error(verb: str, message: str) -> Failure:
    return Failure(f"error: {message}\nSee 'kubectl {verb} --help' for usage.")
