"""The one schema of the API: pydantic models declare each operation's query, body and answer;
`operation` parses and validates requests with them, builds answers from them, and records
them so that the OpenAPI document (ipn.views.api.openapi) is generated from the same models.

A field problem becomes API.md's error object, 422 with `fields`; a body that is not a JSON
object is a 400 (ipn.views.api.read_body)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any, Generic, TypeVar

from flask import current_app, request
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
)

from ipn import clock
from ipn.services.errors import Invalid, ServiceError
from ipn.views.hooks import has_nul

# --- Field types shared by the models -------------------------------------------------------

MAX_ID = 2**31 - 1  # ids are 32-bit in both databases; a larger one names nothing
MAX_PAGE = 2**31 - 1  # a page beyond the last (but in range) is an empty list; beyond this a 422
MAX_TEXT = 100_000  # a generous bound on any one text; services apply the real limits

Id = Annotated[int, Field(ge=1, le=MAX_ID, description="An id.", examples=[1])]


# A required text holds something other than spaces (Python's str.strip also strips
# \x1c-\x1f). No text holds a NUL (a 400, checked before the models: no database stores one).
# Spelled out, not \s: regular expression engines disagree on what \s is (ECMAScript's has
# no U+0085, Python's has).
NONBLANK = (r"[^\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f"
            r"\u205f\u3000]")
NO_NUL = {"not": {"pattern": r"\x00"}}


def Text(max_length: int = MAX_TEXT, *, required: bool = False, format: str | None = None,
         **extra: Any) -> Any:
    """A text field. A required one must hold something other than spaces (the services
    refuse a blank name or text), which the document says with minLength and a pattern."""
    extra["json_schema_extra"] = {**NO_NUL, **({"format": format} if format else {})}
    if required:
        return Annotated[str, Field(min_length=1, max_length=max_length, pattern=NONBLANK, **extra)]
    return Annotated[str, Field(max_length=max_length, **extra)]


def _real_day(value: str) -> dt.date:
    try:
        return clock.parse_day(value)
    except ValueError:
        raise ValueError("Give a real date as YYYY-MM-DD.") from None


# Days are validated from their text, never from numbers (strict mode refuses 20260101).
DAY = r"^(19[0-9]{2}|[2-9][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"  # from 1900 to 9999
DayText = Annotated[str, Field(pattern=DAY), AfterValidator(_real_day),
                    WithJsonSchema({"type": "string", "format": "date", "pattern": DAY, "examples": ["2026-03-14"]})]


def _whole_number(value: Any) -> Any:
    """Query values arrive as text: only ASCII digits make a whole number ("1.5", "１", "" do not)."""
    if isinstance(value, str):
        if not value.isascii() or not value.isdigit():
            raise ValueError("Give a whole number from 1 upwards.")
        return int(value)
    return value


PageNumber = Annotated[int, Field(ge=1, le=MAX_PAGE), BeforeValidator(_whole_number)]
PerPage = Annotated[int, Field(ge=1), BeforeValidator(_whole_number)]

# Answers: times and days are shown as the services' ISO 8601 text.
Moment = Annotated[str, Field(json_schema_extra={"format": "date-time"})]
DayOut = Annotated[str, Field(json_schema_extra={"format": "date"})]


class Body(BaseModel):
    """A request body: strict, so "3" is not an id and 1 is not text; unknown fields are ignored."""

    model_config = ConfigDict(strict=True, extra="ignore")


class Query(BaseModel):
    """A query string: values are text, read by each field's type."""

    model_config = ConfigDict(extra="ignore")


class Paging(Query):
    """page from 1 (up to 2**31-1); per_page above 100 is treated as 100, however large."""

    page: PageNumber = Field(1, description="From 1; a page beyond the last is an empty list.")
    per_page: PerPage | None = Field(None, description="Items per page; above 100 is treated as 100.")

    def limits(self) -> tuple[int, int]:
        config = current_app.config
        per_page = self.per_page if self.per_page is not None else config["API_PER_PAGE"]
        return self.page, min(per_page, config["API_MAX_PER_PAGE"])


class Answer(BaseModel):
    """An answer's model: built by the view, dumped to JSON as declared."""

    model_config = ConfigDict(extra="forbid")


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """Every list: one page of items, the total, the page and per_page as used."""

    items: list[T]
    total: int = Field(ge=0)
    page: int = Field(ge=1, le=MAX_PAGE)
    per_page: int = Field(ge=1, le=100)


# --- Errors ---------------------------------------------------------------------------------


class ErrorDetail(BaseModel):
    code: str = Field(examples=["invalid"])
    message: str = Field(examples=["name: This field is required."])
    fields: dict[str, list[str]] = Field(examples=[{"name": ["This field is required."]}])


class Error(BaseModel):
    """API.md's error object."""

    error: ErrorDetail


def _problem(error: dict) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return "This field is required."
    if kind == "string_type":
        return "Give this as text."
    if _decimal_point(error):
        return "Give a whole number without a decimal point."
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "Give this as a whole number (an id)."
    if kind in ("bool_type", "bool_parsing"):
        return "Give true or false."
    if kind in ("list_type", "tuple_type"):
        return "Give a list."
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "Give an object."
    if kind == "string_too_short":
        return "This field is required."
    if kind == "string_pattern_mismatch":
        return "This field is required." if ctx.get("pattern") == NONBLANK else "Give the date as YYYY-MM-DD."
    if kind == "string_too_long":
        return f"Keep this to {ctx['max_length']:,} characters."
    if kind == "too_long":
        return f"Give at most {ctx['max_length']} of these."
    if kind in ("greater_than_equal", "greater_than"):
        return "Give a whole number from 1 upwards." if ctx.get("ge") == 1 else f"Give at least {ctx.get('ge')}."
    if kind in ("less_than_equal", "less_than"):
        return f"Give a number no larger than {ctx.get('le')}."
    if kind in ("literal_error", "enum"):
        return f"Choose one of {ctx.get('expected')}."
    if kind == "extra_forbidden":
        return "This is not a field here."
    if kind in ("block_reason", "email_address"):
        return error["msg"]
    if kind == "value_error":
        return str(ctx.get("error") or error["msg"])
    return error["msg"]


def _decimal_point(error: dict) -> bool:
    """A whole number written as a decimal (3.0): JSON Schema calls it an integer, but an id
    or a count here is a whole number written as one."""
    value = error.get("input")
    return error["type"] == "int_type" and isinstance(value, float) and value.is_integer()


def invalid_from(error: ValidationError) -> Invalid:
    """pydantic's errors as the error object's `fields`: each field's problems, in words."""
    problems: dict[str, list[str]] = {}
    items = error.errors(include_url=False)
    # Refusals a schema cannot state get codes of their own (the document lists them).
    kinds = {"decimal_point" if _decimal_point(item) else item["type"] for item in items}
    # (Two of them at once, e.g. 3.0 for an id and a .test address: either code says so.)
    code = min(kinds) if kinds and kinds <= {"decimal_point", "email_address"} else None
    for item in items:
        name = str(item["loc"][0]) if item["loc"] else (item.get("ctx") or {}).get("field", "body")
        words = _problem(item)
        if words not in problems.setdefault(name, []):
            problems[name].append(words)
    if len(problems) == 1:
        (name, words), = problems.items()
        return Invalid(f"{name}: {words[0]}", problems, code=code)
    return Invalid("Some values need correcting: " + ", ".join(problems) + ".", problems, code=code)


class NulCharacter(ServiceError):
    status = 400
    code = "nul_character"


def refuse_nul(fields: dict) -> None:
    """A NUL character in a field the API reads is a 400 (PostgreSQL cannot store one)."""
    if has_nul(fields):
        raise NulCharacter("Text may not contain NUL characters.")


def parse(model: type[BaseModel], data: Any) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise invalid_from(error) from None


# --- Operations -----------------------------------------------------------------------------


@dataclass
class Operation:
    """What the document says of one route; filled in by `operation`."""

    rule: str
    method: str
    endpoint: str
    summary: str
    description: str
    tag: str
    query: type[Query] | None
    body: type[Body] | None
    also_in_query: tuple[str, ...]
    answer: Any
    status: int
    token: bool
    errors: tuple[int, ...]
    path_examples: dict[str, Any] = field(default_factory=dict)
    answer_description: str = "Done."


OPERATIONS: list[Operation] = []


def operation(rule: str, method: str = "GET", *, answer: Any = None, status: int = 200,
              query: type[Query] | None = None, body: type[Body] | None = None, also_in_query: tuple[str, ...] = (),
              token: bool = False, errors: Iterable[int] = (), tag: str = "",
              path_examples: dict[str, Any] | None = None, outer: Iterable[Callable] = (),
              answer_description: str = "Done."):
    """Declare and register one API operation on the blueprint.

    The view receives its path values, then `query=` and `data=` (the parsed models) when
    declared, and returns an instance of `answer` (or what validates as one). `token=True`
    requires a bearer token before anything is read; `outer` decorators (rate limits) run
    first of all. Body fields named in `also_in_query` may come in the query string instead
    (a DELETE's reason); the document says so in words. `errors` are the other statuses it
    can answer (400 is added; 401 with a token; 404 for paths with parameters; 422 with a
    query or a body)."""
    from ipn.views.api import bp, read_body
    from ipn.views.bearer import token_required

    adapter = TypeAdapter(answer) if answer is not None else None

    def register(view: Callable) -> Callable:
        @functools.wraps(view)
        def handler(**path: Any):
            kwargs = dict(path)
            if query is not None:
                kwargs["query"] = parse(query, request.args.to_dict())
            if body is not None:
                sent = read_body()
                from_query = {name: request.args[name] for name in also_in_query if name in request.args}
                refuse_nul({name: value for name, value in sent.items() if name in body.model_fields})
                kwargs["data"] = parse(body, {**from_query, **sent})
            result = view(**kwargs)
            if adapter is None:
                return result, status
            if not isinstance(result, answer if isinstance(answer, type) else ()):
                result = adapter.validate_python(result)
            return adapter.dump_python(result, mode="json"), status

        wrapped = token_required(handler) if token else handler
        for decorator in reversed(list(outer)):
            wrapped = decorator(wrapped)
        bp.add_url_rule(rule, view.__name__, wrapped, methods=[method])
        doc = (view.__doc__ or "").strip()
        summary, _, description = doc.partition("\n")
        OPERATIONS.append(Operation(
            rule=rule, method=method, endpoint=view.__name__, summary=summary.strip(),
            description=" ".join(description.split()), tag=tag, query=query, body=body,
            also_in_query=also_in_query, answer=answer, status=status, token=token, errors=tuple(errors),
            path_examples=path_examples or {}, answer_description=answer_description))
        return wrapped

    return register


def openapi_path(rule: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule)
