"""A catalogue: many profiles, each one organisation's, no two with one id, linked.

Profiles link to each other by their memberships (`picum.NetworkMembership.organisation`,
`picum.Member.organisation`), and each link names a profile of the catalogue. On disk, a
catalogue is a folder of profile files (`profile_files`). It is checked file by file
(`check_profiles`), in as many processes as asked, keeping of each profile only its id and
its links, so that what checking holds does not grow with the profiles' size; problems are
given as they are found, in the files' order, and the links last, once every id is known.
In memory, a `Catalogue` holds every profile, resolves its links both ways
(`MembershipLink`) and finds profiles by name, type and country.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import types
import unicodedata
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar, overload

import attrs

from . import _constraints
from ._errors import MAX_LISTED_PROBLEMS, Problem, ValidationError, plural
from ._loading import BUNDLED_CATALOGUE, read_profile_file
from ._organisation import Organisation, OrganisationType
from ._sources import Licence
from ._statements import Rank
from ._values import Country, UncertainDate
from ._wire import loads


if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterable, Iterator

    from ._memberships import Member, NetworkMembership


T = TypeVar("T")
A = TypeVar("A")


#: The organisation of the bundled catalogue served as a profile alone is: PICUM.
BUNDLED_DEFAULT = "picum"
#: How the name of a catalogue's profile file ends.
PROFILE_SUFFIX = ".json"


@attrs.frozen(kw_only=True)
class CatalogueProblem:
    """What is wrong in a catalogue: one file's problems, or two files with one organisation.

    *files* are the files concerned, in the catalogue's order; *message* says what is wrong
    (``3 problems``, ``cannot be read: ...``, ``both are the profile of 'picum'``); *details*
    are the lines that list a file's problems, where it is no valid profile, as
    `picum.ValidationError.details` gives them; where it cannot be read at all, *reason* says
    why (``Permission denied``).
    """

    files: tuple[Path, ...]
    message: str
    details: tuple[str, ...] = ()
    reason: str | None = None

    @classmethod
    def from_unreadable(cls, path: Path, exc: OSError) -> CatalogueProblem:
        """Say that the file at *path* cannot be read, and why (*exc*)."""
        reason = exc.strerror or str(exc)
        return cls(files=(path,), message=f"cannot be read: {reason}", reason=reason)

    @classmethod
    def from_invalid(cls, path: Path, exc: ValidationError) -> CatalogueProblem:
        """Say that the file at *path* is no valid profile, with the problems *exc* lists."""
        return cls(files=(path,), message=exc.counted(), details=tuple(exc.details()))


def read_checked(path: str | Path) -> tuple[bytes, Organisation] | CatalogueProblem:
    """Read and validate the profile file at *path*: its bytes and profile, or what is wrong.

    The file is read as `picum.read_profile_file` reads it, and validated as `picum.loads` does.
    *path* is opened as given: ``""`` names no file, where ``Path("")`` would be the folder.
    """
    try:
        data = read_profile_file(path)
        return data, loads(data, Organisation)
    except OSError as exc:
        return CatalogueProblem.from_unreadable(Path(path), exc)
    except ValidationError as exc:
        return CatalogueProblem.from_invalid(Path(path), exc)


def profile_files(folder: str | Path) -> list[Path]:
    """Return the profile files of the catalogue in *folder*, by name.

    They are its entries whose name ends in ``.json``, not in its subfolders; a hidden name
    (``.x.json``, an editor's lock file, say) is left out. An entry that is no regular file is
    listed too, to be refused when it is read. Raises `OSError` if *folder* cannot be listed.
    """
    with os.scandir(folder) as entries:
        return sorted(
            Path(entry.path)
            for entry in entries
            if entry.name.endswith(PROFILE_SUFFIX) and not entry.name.startswith(".")
        )


def some_profile_files(folder: str | Path) -> list[Path]:
    """Return the profile files of the catalogue in *folder* (`profile_files`): one at least.

    Raises `CatalogueError` if it has none, and `OSError` if it cannot be listed.
    """
    files = profile_files(folder)
    if not files:
        no_files = f"no profile files (*{PROFILE_SUFFIX}), so no catalogue"
        raise CatalogueError([CatalogueProblem(files=(Path(folder),), message=no_files)])
    return files


#: A profile's links to others: where each is (its JSON path) and the id it names.
ProfileLinks = tuple[tuple[str, str], ...]


def check_profiles(files: Sequence[Path], *, processes: int = 1) -> Iterator[CatalogueProblem]:
    """Check each of the profile *files* of a catalogue, that no two have one id, and its links.

    Yields each problem in the files' order, as it is found: a file that cannot be read (as
    `picum.read_profile_file` refuses it), a file that is no valid profile, a profile whose id
    an earlier file has (naming both). Then, once every file is read, each file whose profile
    links to an id no valid profile of the catalogue has, with the path of each such link.
    With more than one of *processes*, the files are read and checked by up to that many
    processes at once (one where there are few files), and only each profile's id and links
    come back.
    """
    with mapped(_check_file, files, processes) as checked:
        yield from problems_of(files, checked)


#: How many items (files) a process takes at once, and answers for in one message.
_CHUNK = 32


@contextlib.contextmanager
def mapped(
    function: Callable[[A], T], items: Sequence[A], processes: int, *, chunk: int = _CHUNK
) -> Generator[Iterable[T]]:
    """Give, while inside, *function* of each of *items*, in order, by up to *processes* at once.

    With more than one process (and more items than a *chunk*), each process takes the items in
    chunks, so that its answers cost one message per chunk, not per item. Leaving early (the
    caller's loop left, Ctrl-C) stops the items not yet begun. *function* and *items* must be
    picklable (a module's function, paths).
    """
    # No more processes than chunks: a few items are done at once by this one.
    processes = min(processes, len(items) // chunk)
    if processes <= 1:
        yield map(function, items)
        return
    pool = ProcessPoolExecutor(processes, initializer=_leave_interrupts_to_the_caller)
    try:
        yield pool.map(function, items, chunksize=chunk)
    finally:
        shut_down(pool)


def shut_down(pool: ProcessPoolExecutor) -> None:
    """Stop *pool*: cancel what has not begun, and wait for its processes to end what has.

    A second Ctrl-C, or SIGTERM, while waiting does not cut the wait short (the processes would
    be left running, and what they write with them): the wait goes on, then it is raised.
    """
    stopped: BaseException | None = None
    while True:
        try:
            pool.shutdown(wait=True, cancel_futures=True)
        except (KeyboardInterrupt, SystemExit) as exc:
            stopped = stopped or exc
            continue
        if stopped is not None:
            raise stopped
        return


def problems_of(
    files: Sequence[Path], checked: Iterable[tuple[str, ProfileLinks] | CatalogueProblem]
) -> Iterator[CatalogueProblem]:
    """Yield the problems of a catalogue's *files*, given what was found *checked* in each.

    As `check_profiles` says: each file's as it comes, two files with one id, then the links.
    """
    first: dict[str, Path] = {}
    linking: list[tuple[Path, ProfileLinks]] = []
    for path, found in zip(files, checked, strict=True):
        if isinstance(found, CatalogueProblem):
            yield found
            continue
        id_, links = found
        earlier = first.setdefault(id_, path)
        if earlier != path:
            both = f"both are the profile of {id_!r}"
            yield CatalogueProblem(files=(earlier, path), message=both)
        if links:
            linking.append((path, links))
    for path, links in linking:
        lacking = ValidationError(
            Problem(path=where, message=f"no valid profile of the catalogue has the id {id_!r}")
            for where, id_ in links
            if id_ not in first
        )
        if lacking.count:
            yield CatalogueProblem(
                files=(path,),
                message=f"{plural(lacking.count, 'link')} to no profile of the catalogue",
                details=tuple(lacking.details()),
            )


def _leave_interrupts_to_the_caller() -> None:
    """Ignore Ctrl-C in a checking process: the caller stops the pool, without a traceback each."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _check_file(path: Path) -> tuple[str, ProfileLinks] | CatalogueProblem:
    """Check one profile file: give its profile's id and links, or what is wrong with it."""
    checked = read_checked(path)
    if isinstance(checked, CatalogueProblem):
        return checked
    org = checked[1]
    return org.id, org.profile_links()


class CatalogueError(ValueError):
    """A catalogue is not valid: `problems` lists what is wrong, file by file.

    `problems` holds the first `picum.MAX_LISTED_PROBLEMS`, in the order `check_profiles`
    finds them; `count` is how many there are in all.
    """

    __module__ = "picum"

    problems: tuple[CatalogueProblem, ...]
    count: int

    def __init__(self, problems: Iterable[CatalogueProblem]) -> None:
        """Keep the first of *problems* (`picum.MAX_LISTED_PROBLEMS`), counting them all."""
        kept: list[CatalogueProblem] = []
        self.count = 0
        for problem in problems:
            self.count += 1
            if len(kept) < MAX_LISTED_PROBLEMS:
                kept.append(problem)
        self.problems = tuple(kept)
        lines = [f"{plural(self.count, 'problem')} in the catalogue"]
        for problem in self.problems:
            lines.append(f"{' and '.join(map(str, problem.files))}: {problem.message}")
            lines.extend(problem.details)
        if self.count > len(self.problems):
            lines.append(f"and {self.count - len(self.problems)} more")
        super().__init__("\n".join(lines))


@attrs.frozen(kw_only=True)
class MembershipLink:
    """One profile's statement that an organisation of the catalogue is a member of another.

    `member` and `network` are the ids of the two profiles; `stated_by` is the id of the one
    whose statement this is (either), and `statement` its JSON path in that profile
    (``$.network_memberships.items[0]``). `rank`, `since`, `until`, `quote` and `sources` are
    the statement's: its `sources` are ids of the sources of the profile `stated_by`. Where
    both profiles state one membership, there are two links, each with its sources.
    """

    member: str = attrs.field(validator=_constraints.slug)
    network: str = attrs.field(validator=_constraints.slug)
    stated_by: str = attrs.field(validator=_constraints.slug)
    statement: str = attrs.field(validator=_constraints.text)
    rank: Rank
    since: UncertainDate | None = None
    until: UncertainDate | None = None
    quote: str | None = None
    sources: tuple[str, ...] = ()

    @classmethod
    def from_statement(
        cls,
        statement: NetworkMembership | Member,
        *,
        stated_by: str,
        member: str,
        network: str,
        path: str,
    ) -> MembershipLink:
        """Link *member* to *network*, as the profile *stated_by* states it at *path*."""
        return cls(
            member=member,
            network=network,
            stated_by=stated_by,
            statement=path,
            rank=statement.rank,
            since=statement.since,
            until=statement.until,
            quote=statement.quote,
            sources=statement.sources,
        )


#: Letters Unicode does not decompose into a base letter and a mark, as people type them
#: without their stroke or ligature; typographic apostrophes and dashes as the keyboard's.
_PLAIN = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "\N{LATIN SMALL LETTER DOTLESS I}": "i",
        "ħ": "h",
        "ŧ": "t",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "\N{RIGHT SINGLE QUOTATION MARK}": "'",
        "\N{LEFT SINGLE QUOTATION MARK}": "'",
        "\N{MODIFIER LETTER APOSTROPHE}": "'",
        "\N{HYPHEN}": "-",
        "\N{NON-BREAKING HYPHEN}": "-",
        "\N{EN DASH}": "-",
        "\N{EM DASH}": "-",
    }
)


def fold(text: str) -> str:
    """Fold *text* for search: case, accents and width ignored, spaces made one.

    Marks that combine with a letter are dropped, in every script: the Greek tonos, and the
    Japanese voicing marks too (so that a search may find more than it should, never less).
    Letters with a stroke or a ligature are written plain (``Łódź``: ``lodz``, ``Æ``: ``ae``),
    typographic apostrophes and dashes as typed, and invisible format characters (a zero-width
    space) are dropped.

    >>> fold("  Plateforme   pour la Coopération ")
    'plateforme pour la cooperation'
    >>> fold("Ἑλληνικὴ ΕΝΩΣΗ") == fold("ελληνικη ενωση")
    True
    >>> fold("Łódź, København, Đorđević, l\N{RIGHT SINGLE QUOTATION MARK}Œuvre")
    "lodz, kobenhavn, dordevic, l'oeuvre"
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(
        char
        for char in decomposed
        if not unicodedata.combining(char) and unicodedata.category(char) != "Cf"
    )
    return " ".join(bare.translate(_PLAIN).split())


@attrs.frozen(kw_only=True)
class CatalogueEntry:
    """What lists and links say of a catalogue's profile, read without reading the profile.

    Its organisation's name, acronym and type, the country of its seat (as `seat` gives it),
    its website's address, and the licence and attribution of the profile. A built catalogue
    keeps one beside each profile, so that a page of a search, or of links, decodes no profile.
    """

    id: str = attrs.field(validator=_constraints.slug)
    name: str = attrs.field(validator=_constraints.text)
    acronym: str | None = attrs.field(validator=_constraints.optional_text)
    type: OrganisationType
    country: Country | None
    website: str | None = attrs.field(validator=_constraints.optional_text)
    licence: Licence
    attribution: str = attrs.field(validator=_constraints.text)

    @classmethod
    def from_profile(cls, org: Organisation) -> CatalogueEntry:
        """Give what lists and links say of *org*."""
        return cls(
            id=org.id,
            name=org.identity.name,
            acronym=org.identity.acronym,
            type=org.identity.type,
            country=None if org.headquarters is None else org.headquarters.place.country,
            website=None if org.website is None else org.website.url,
            licence=org.licence,
            attribution=org.attribution,
        )


@attrs.frozen
class Catalogue:
    """Profiles, by their ids, each linked to the others its memberships name, both ways.

    Make one from a folder (`from_folder`) or from profiles (`from_profiles`), which check that
    no two have one id and that every link names a profile the catalogue holds. `profiles` are
    in the order of their ids.

    >>> import picum
    >>> catalogue = picum.Catalogue.bundled()
    >>> list(catalogue.profiles)
    ['global-coalition-on-migration', 'kok', 'konsorcium', 'picum', 'social-platform']
    """

    profiles: Mapping[str, Organisation]
    _members: Links = attrs.field(repr=False)
    _memberships: Links = attrs.field(repr=False)
    _index: Index = attrs.field(repr=False)
    #: The file ``picum build`` wrote that it was opened from (`from_built`), which other
    #: processes may open too; `None` for a catalogue held in memory.
    file: Path | None = attrs.field(default=None, kw_only=True)

    @classmethod
    def from_profiles(cls, profiles: Iterable[Organisation]) -> Catalogue:
        """Hold *profiles*, each linked to the others its memberships name.

        Raises `picum.ValidationError` if two have one id (``$[3].id``, the fourth profile's)
        or if a link names a profile not among them (``$[0].members.items[1].organisation``).
        """
        given = tuple(profiles)
        index: dict[str, int] = {}
        problems: list[Problem] = []
        for position, org in enumerate(given):
            earlier = index.setdefault(org.id, position)
            if earlier != position:
                message = f"{org.id!r} is the id of profile $[{earlier}] too"
                problems.append(Problem(path=f"$[{position}].id", message=message))
        members: dict[str, list[MembershipLink]] = {id_: [] for id_ in sorted(index)}
        memberships: dict[str, list[MembershipLink]] = {id_: [] for id_ in sorted(index)}
        for position, org in enumerate(given):
            for path, id_ in org.profile_links():
                if id_ not in index:
                    message = f"no profile of the catalogue has the id {id_!r}"
                    problems.append(Problem(path=f"$[{position}]{path[1:]}", message=message))
        if problems:
            raise ValidationError(problems)
        for id_ in sorted(index):
            for link in links_stated(given[index[id_]]):
                members[link.network].append(link)
                memberships[link.member].append(link)
        held = types.MappingProxyType({id_: given[index[id_]] for id_ in sorted(index)})
        return cls(
            held,
            {id_: tuple(links) for id_, links in members.items()},
            {id_: tuple(links) for id_, links in memberships.items()},
            _HeldIndex(held),
        )

    @classmethod
    def bundled(cls) -> Catalogue:
        """Read the bundled catalogue: PICUM's profile, and those of the organisations it links to.

        >>> import picum
        >>> links = picum.Catalogue.bundled().memberships("picum")
        >>> sorted({link.network for link in links})
        ['global-coalition-on-migration', 'social-platform']
        """
        return cls.from_folder(BUNDLED_CATALOGUE)

    @classmethod
    def from_folder(cls, folder: str | Path) -> Catalogue:
        """Read and check the catalogue in *folder*, as ``picum validate DIR`` does.

        Raises `CatalogueError` listing every problem (`check_profiles`), one with no profile
        files included, and `OSError` if *folder* cannot be listed.
        """
        return read_catalogue(folder)[0]

    @classmethod
    def from_built(cls, path: str | Path) -> Catalogue:
        """Open the catalogue ``picum build`` wrote as the file *path*.

        ``picum build`` writes it with `picum.write_built_catalogue`. The file is opened
        read-only, and only what it says about itself is read: its profiles are read when asked
        for. Raises `picum.BuiltCatalogueError` if it is no built catalogue,
        is incomplete (a copy cut short), or was built by another version of picum, and
        `OSError` if it cannot be read.
        """
        from ._built import open_built  # noqa: PLC0415 - it builds on this module

        return open_built(path)

    def default(self, id_: str | None = None) -> Organisation:
        """Give the profile *id_*: the organisation served as a profile alone is.

        *id_* may be left out of a catalogue of one profile. Raises `ValueError` naming some
        of the catalogue's ids if it has no profile *id_*, or if *id_* is left out of a larger
        one.
        """
        if id_ is None and len(self.profiles) == 1:
            return next(iter(self.profiles.values()))
        if id_ is None or id_ not in self.profiles:
            some = ", ".join(itertools.islice(self.profiles, 20))
            more = len(self.profiles) - 20
            rest = f", and {more} more" if more > 0 else ""
            asked = "name one" if id_ is None else f"not {id_!r}"
            raise ValueError(
                f"the default organisation is one of the catalogue's ({some}{rest}): {asked}"
            )
        return self.profiles[id_]

    def entry(self, id_: str) -> CatalogueEntry:
        """Give what lists and links say of the profile *id_* (`CatalogueEntry`).

        Of a built catalogue, it is read without reading the whole profile. Raises `KeyError`
        if the catalogue has no profile *id_*.

        >>> import picum
        >>> picum.Catalogue.bundled().entry("kok").acronym
        'KOK'
        """
        return self._index.entry(id_)

    def members(self, id_: str) -> tuple[MembershipLink, ...]:
        """Give the links to the members of the profile *id_*, whichever profile states each.

        They are in the order of the ids of the profiles that state them, then of the files.
        Raises `KeyError` if the catalogue has no profile *id_*.
        """
        return self._members[id_]

    def memberships(self, id_: str) -> tuple[MembershipLink, ...]:
        """Give the links to the networks the profile *id_* belongs to, as `members` gives them."""
        return self._memberships[id_]

    def find(
        self,
        text: str | None = None,
        *,
        type_: OrganisationType | None = None,
        country: str | None = None,
    ) -> Sequence[Organisation]:
        """Give the profiles whose name or acronym holds *text*, of *type_*, seated in *country*.

        *text* is found anywhere in a name (`fold`: case and accents ignored), in any script,
        spaces or not; *country* is the ISO 3166-1 alpha-2 code of the seat's country (a
        profile that gives no seat is in none). A criterion that is `None` finds every profile.
        They are in the order of their ids; of a built catalogue, each is read when it is
        taken from the sequence, so that a page of what a search finds reads only that page.

        >>> import picum
        >>> [org.id for org in picum.Catalogue.bundled().find("coopération")]
        ['picum']
        """
        return _Found(self._found(text, type_, country), self.profiles.__getitem__)

    def listed(
        self,
        text: str | None = None,
        *,
        type_: OrganisationType | None = None,
        country: str | None = None,
    ) -> Sequence[CatalogueEntry]:
        """Give the entries of the profiles `find` finds, in its order: what a list says of each.

        Of a built catalogue, each is read when it is taken from the sequence, without reading
        its profile.

        >>> import picum
        >>> [entry.acronym for entry in picum.Catalogue.bundled().listed("coopération")]
        ['PICUM']
        """
        return _Found(self._found(text, type_, country), self.entry)

    def _found(
        self, text: str | None, type_: OrganisationType | None, country: str | None
    ) -> Sequence[str]:
        return self._index.find(None if text is None else fold(text), type_, country)


def read_catalogue(folder: str | Path) -> tuple[Catalogue, dict[Path, bytes]]:
    """Read and check the catalogue in *folder*: the catalogue, and the bytes of each file read.

    As `Catalogue.from_folder`, which it serves; the bytes are those validated, for a caller
    that hands them on (``picum serve --data DIR``) without reading the files again.
    """
    files = some_profile_files(folder)
    kept: dict[str, Organisation] = {}
    data: dict[Path, bytes] = {}

    def read(path: Path) -> tuple[str, ProfileLinks] | CatalogueProblem:
        checked = read_checked(path)
        if isinstance(checked, CatalogueProblem):
            return checked
        data[path], org = checked
        kept.setdefault(org.id, org)
        return org.id, org.profile_links()

    problems = CatalogueError(problems_of(files, map(read, files)))
    if problems.count:
        raise problems
    return Catalogue.from_profiles(kept.values()), data


def links_stated(org: Organisation) -> Iterator[MembershipLink]:
    """Give the links *org*'s memberships state: to its networks, then to its members."""
    networks = org.network_memberships.items if org.network_memberships else ()
    for position, network in enumerate(networks):
        if network.organisation is not None:
            yield MembershipLink.from_statement(
                network,
                stated_by=org.id,
                member=org.id,
                network=network.organisation,
                path=f"$.network_memberships.items[{position}]",
            )
    members = org.members.items if org.members else ()
    for position, member in enumerate(members):
        if member.organisation is not None:
            yield MembershipLink.from_statement(
                member,
                stated_by=org.id,
                member=member.organisation,
                network=org.id,
                path=f"$.members.items[{position}]",
            )


def searched(org: Organisation) -> str:
    """Give what a search looks in for *org*: its name and acronym, folded, a line each."""
    return "\n".join(fold(name) for name in (org.identity.name, org.identity.acronym) if name)


def seat(org: Organisation) -> str | None:
    """Give the country of *org*'s seat, as its preferred statement gives it (`None`: no seat)."""
    return None if org.headquarters is None else org.headquarters.place.country.code


class Links(Protocol):
    """Gives the links of each profile of a catalogue in one direction (`Catalogue.members`)."""

    def __getitem__(self, id_: str, /) -> tuple[MembershipLink, ...]:
        """Give the links of the profile *id_*; raise `KeyError` if there is none."""
        ...


class Index(Protocol):
    """What finds a catalogue's profiles (`Catalogue.find`): held in memory, or built."""

    def find(
        self, folded: str | None, type_: OrganisationType | None, country: str | None
    ) -> Sequence[str]:
        """Give the ids, in order, of the profiles found: *folded* is the text (`fold`)."""
        ...

    def entry(self, id_: str) -> CatalogueEntry:
        """Give what lists and links say of the profile *id_*; raise `KeyError` if there is none."""
        ...


@attrs.frozen
class _HeldIndex:
    """Finds the profiles held in memory by looking at each."""

    profiles: Mapping[str, Organisation]
    #: What a search looks in, for each profile (`searched`).
    names: Mapping[str, str] = attrs.field(
        init=False,
        default=attrs.Factory(
            lambda self: {id_: searched(org) for id_, org in self.profiles.items()},
            takes_self=True,
        ),
    )

    def find(
        self, folded: str | None, type_: OrganisationType | None, country: str | None
    ) -> tuple[str, ...]:
        """Give the ids of the profiles found, in order, as `Catalogue.find` finds them."""
        return tuple(
            id_
            for id_, org in self.profiles.items()
            if (folded is None or folded in self.names[id_])
            and (type_ is None or org.identity.type is type_)
            and (country is None or seat(org) == country)
        )

    def entry(self, id_: str) -> CatalogueEntry:
        """Give what lists and links say of the profile *id_*, from the profile."""
        return CatalogueEntry.from_profile(self.profiles[id_])


class _Found(Sequence[T]):
    """What a search found, by the *ids* found, each made by *read* when asked for."""

    def __init__(self, ids: Sequence[str], read: Callable[[str], T]) -> None:
        self._ids = ids
        self._read = read

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...
    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if isinstance(index, slice):
            return tuple(map(self._read, self._ids[index]))
        return self._read(self._ids[index])

    def __iter__(self) -> Iterator[T]:
        # The ids' own iterator: a built catalogue's reads them in one query, not one each.
        return map(self._read, self._ids)

    def __len__(self) -> int:
        return len(self._ids)
