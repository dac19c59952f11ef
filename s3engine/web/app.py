"""The web survey: respondents answer a published questionnaire in their browser.

Plain HTML forms rendered on the server (no script needed), one section of the questionnaire
per page, in the respondent's language. What is shown, what fits and what a change removes
come from survey.flow and the questionnaire's rules (the terminal survey calls the same
functions); this module only moves between pages, reads forms (forms.py) and stores
(storage.py).

A respondent's link (`/s/TOKEN`) is either a personal invitation (region, group and language
fixed), an open link of a region (they choose their group, and get a personal link to come
back with), or the personal link of a response already started. Opening it puts the token
in a cookie (`__Host-s3`: HttpOnly, Secure, SameSite=Lax) and moves to `/survey`, so that no
later page carries the token in its address. Every page saved is one transaction; the same
link resumes at the first unanswered question, on any device.

The analyst's fieldwork monitor is `/admin`, behind the token `s3engine serve admin-token`
prints. Wrong tokens are slowed down per address (security.Throttle).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from s3engine.core.findings import control_character
from s3engine.core.limits import WEB_MAX_FORM_FIELDS
from s3engine.i18n.texts import pick
from s3engine.questionnaire.answers import profile_problems, region_name, required_message
from s3engine.questionnaire.conditions import is_answered
from s3engine.questionnaire.model import Question, Questionnaire
from s3engine.responses.model import new_respondent_id, now
from s3engine.survey.flow import (
    LANGUAGE_NAMES,
    Page,
    SurveyState,
    answer_problem,
    format_answer,
    removed_by_answer,
    removed_by_group,
)
from s3engine.web import forms
from s3engine.web.forms import Form, Reading, Shown, Tampered
from s3engine.web.monitor import MonitorSettings, fieldwork
from s3engine.web.pages import STATIC, render
from s3engine.web.security import BodyLimit, BodyTooLarge, SecurityHeaders, Throttle
from s3engine.web.storage import Conflict, Invitation, Published, Store, StoredResponse
from s3engine.web.tokens import csrf_ok, csrf_token, looks_like_token, new_token, token_hash
from s3engine.web.translations import WEB_LANGUAGES, translations

log = logging.getLogger("s3engine.web")

SESSION = "__Host-s3"
LANGUAGE = "__Host-s3lang"
CSRF = "__Host-s3csrf"
ADMIN = "__Host-s3admin"

#: Where a language switch may send the respondent back to (paths of this site only).
_BACK_PATH = re.compile(r"^/(survey(/[A-Za-z0-9_\-/]*)?|admin|deleted)?$")
#: Notes a page can be sent to show (a fixed key, never text from the address).
NOTES = ("added", "changed", "saved", "language", "resumed", "link")


def N_(message: str) -> str:
    """Marks a text for the web's catalogue; translated where it is shown."""
    return message


class Problem(Exception):
    """A request the survey answers with an error page: `status`, and what to say."""

    def __init__(self, status: int, kind: str, *, retry_after: int | None = None):
        super().__init__(kind)
        self.status = status
        self.kind = kind
        self.retry_after = retry_after


@dataclass
class WebSettings:
    """How `s3engine serve run` set the survey up."""

    #: The address respondents reach the survey at (for the links it shows); else the
    #: address of the request.
    base_url: str | None = None
    debug: bool = False
    #: The fieldwork monitor's scoring models and statistics, by questionnaire id.
    monitor: MonitorSettings | None = None


@dataclass
class Visit:
    """One request of a respondent: who they are (by the token in their cookie) and where."""

    request: Request
    lang: str
    token: str | None = None
    response: StoredResponse | None = None
    invitation: Invitation | None = None
    published: Published | None = None
    cookies: dict[str, str | None] = field(default_factory=dict)

    @property
    def q(self) -> Questionnaire:
        if self.published is None:
            raise Problem(404, "link")
        return self.published.questionnaire


class WebSurvey:
    """The application: its store, secret, throttle and settings; `app` is the ASGI app."""

    def __init__(self, store: Store, settings: WebSettings | None = None):
        self.store = store
        self.settings = settings or WebSettings()
        self.secret = store.secret()
        self.throttle = Throttle()
        self.app = self._build()

    # -- the application ---------------------------------------------------------------------

    def _build(self) -> Starlette:
        routes = [
            Route("/", self._page(self.home)),
            Route("/s/{token}", self._page(self.open_link)),
            Route("/survey", self._page(self.dispatch)),
            Route("/survey/start", self._page(self.start), methods=["GET", "POST"]),
            Route("/survey/section/{section}", self._page(self.section), methods=["GET", "POST"]),
            Route("/survey/review", self._page(self.review)),
            Route("/survey/submit", self._page(self.submit), methods=["POST"]),
            Route("/survey/change/{question}", self._page(self.change), methods=["GET", "POST"]),
            Route("/survey/profile", self._page(self.profile), methods=["GET", "POST"]),
            Route("/survey/language", self._page(self.language), methods=["POST"]),
            Route("/survey/saved", self._page(self.saved)),
            Route("/survey/done", self._page(self.done)),
            Route("/survey/delete", self._page(self.delete), methods=["GET", "POST"]),
            Route("/deleted", self._page(self.deleted)),
            Route("/admin", self._page(self.admin), methods=["GET", "POST"]),
            Route("/admin/logout", self._page(self.admin_logout), methods=["POST"]),
            Route("/admin/fieldwork.json", self._page(self.admin_json)),
            Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
        ]
        hsts = bool(self.settings.base_url and self.settings.base_url.startswith("https://"))
        return Starlette(
            debug=self.settings.debug,
            routes=routes,
            middleware=[
                Middleware(SecurityHeaders, hsts=hsts),
                Middleware(BodyLimit),
            ],
            exception_handlers={
                Problem: self._problem_page,
                Tampered: self._problem_page,
                BodyTooLarge: self._problem_page,
                HTTPException: self._problem_page,
                Exception: self._problem_page,
            },
        )

    def _page(
        self, handler: Callable[[Visit, Form | None], Response]
    ) -> Callable[[Request], Awaitable[Response]]:
        """An endpoint: read the form (if posted), then run `handler` in a worker thread (it
        talks to the database), with the visit it is about."""

        async def endpoint(request: Request) -> Response:
            form = await self._form(request) if request.method == "POST" else None
            return await run_in_threadpool(self._run, handler, request, form)

        return endpoint

    def _run(
        self, handler: Callable[[Visit, Form | None], Response], request: Request, form: Form | None
    ) -> Response:
        visit = self._visit(request)
        if form is not None:
            self._check_csrf(request, form)
        response = handler(visit, form)
        for name, value in visit.cookies.items():
            self._cookie(response, name, value)
        return response

    async def _form(self, request: Request) -> Form:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/x-www-form-urlencoded":
            raise Problem(415, "form")
        data = await request.form(max_files=0, max_fields=WEB_MAX_FORM_FIELDS)
        form: dict[str, list[str]] = {}
        for name, value in data.multi_items():
            if isinstance(value, UploadFile):  # pragma: no cover - max_files=0 refuses them
                raise Tampered("a file was sent")
            form.setdefault(name, []).append(value)
        return form

    def _check_csrf(self, request: Request, form: Form) -> None:
        cookie = request.cookies.get(CSRF)
        given = form.get("csrf", [""])[0]
        if not csrf_ok(self.secret, cookie, given):
            raise Problem(403, "csrf")

    # -- who is asking ---------------------------------------------------------------------

    def _visit(self, request: Request) -> Visit:
        visit = Visit(request, lang="en")
        token = request.cookies.get(SESSION)
        if token and looks_like_token(token):
            hashed = token_hash(token)
            visit.token = token
            visit.response = self.store.response(hashed)
            if visit.response is not None:
                visit.published = self.store.questionnaire(visit.response.questionnaire)
                visit.invitation = self.store.invitation_by_pk(visit.response.invitation)
            else:
                visit.invitation = self.store.invitation(hashed)
                if visit.invitation is not None and not visit.invitation.withdrawn:
                    visit.published = self._latest(visit.invitation.questionnaire)
        visit.lang = self._language(visit)
        return visit

    def _latest(self, questionnaire_id: str) -> Published | None:
        candidates = [p for p in self.store.published() if p.id == questionnaire_id]
        return candidates[-1] if candidates else None

    def _language(self, visit: Visit) -> str:
        offered = list(visit.published.questionnaire.languages) if visit.published else None
        allowed = offered or list(WEB_LANGUAGES)
        if visit.response is not None and visit.response.language in allowed:
            return visit.response.language
        chosen = visit.request.cookies.get(LANGUAGE)
        if chosen in allowed:
            return str(chosen)
        if visit.invitation is not None and visit.invitation.language in allowed:
            return str(visit.invitation.language)
        wanted = accepted_languages(visit.request.headers.get("accept-language", ""))
        for code in wanted:
            if code in allowed:
                return code
        if visit.published is not None:
            return visit.published.questionnaire.default_language
        return "en"

    # -- pages -----------------------------------------------------------------------------

    def _html(self, visit: Visit, template: str, status: int = 200, **context: Any) -> Response:
        request = visit.request
        cookie = request.cookies.get(CSRF)
        if not cookie or len(cookie) > 128:
            cookie = new_token()
            visit.cookies[CSRF] = cookie
        q = visit.published.questionnaire if visit.published is not None else None
        languages = q.languages if q is not None else list(WEB_LANGUAGES)
        values = {
            "lang": visit.lang,
            "csrf": csrf_token(self.secret, cookie),
            "root": request.scope.get("root_path", ""),
            "path": request.url.path,
            "languages": [(code, LANGUAGE_NAMES.get(code, code)) for code in languages],
            "survey_title": self._text(q, q.title, visit.lang) if q is not None else "",
            "in_survey": visit.response is not None and not visit.response.complete,
            "note": _note(request),
            **context,
        }
        return HTMLResponse(render(visit.lang, template, values), status_code=status)

    @staticmethod
    def _text(q: Questionnaire | None, value: Any, lang: str) -> str:
        return pick(value, lang, q.default_language if q is not None else "en")

    def _cookie(self, response: Response, name: str, value: str | None) -> None:
        if value is None:
            response.delete_cookie(name, path="/", secure=True, httponly=True, samesite="lax")
            return
        response.set_cookie(
            name,
            value,
            path="/",
            secure=True,
            httponly=True,
            samesite="strict" if name == ADMIN else "lax",
            max_age=365 * 24 * 3600 if name == LANGUAGE else None,
        )

    def _redirect(self, visit: Visit, path: str) -> Response:
        root = visit.request.scope.get("root_path", "")
        return RedirectResponse(f"{root}{path}", status_code=303)

    def _problem_page(self, request: Request, exc: Exception) -> Response:
        """Every error as one page in the respondent's language: no detail, no traceback."""
        if isinstance(exc, Problem):
            status, kind = exc.status, exc.kind
        elif isinstance(exc, Tampered):
            status, kind = 400, "tampered"
            log.info("refused a form: %s", exc)
        elif isinstance(exc, BodyTooLarge):
            status, kind = 413, "large"
        elif isinstance(exc, HTTPException):
            status = exc.status_code
            kind = {404: "missing", 405: "method"}.get(status, "form")
        else:
            log.error("internal error", exc_info=exc)
            status, kind = 500, "internal"
        visit = Visit(request, lang="en")
        chosen = request.cookies.get(LANGUAGE)
        candidates = [chosen] if chosen else []
        candidates += accepted_languages(request.headers.get("accept-language", ""))
        visit.lang = next((c for c in candidates if c in WEB_LANGUAGES), "en")
        response = self._html(visit, "problem.html", status, kind=kind)
        if isinstance(exc, Problem) and exc.retry_after is not None:
            response.headers["retry-after"] = str(exc.retry_after)
        for name, value in visit.cookies.items():
            self._cookie(response, name, value)
        return response

    # -- links -----------------------------------------------------------------------------

    def home(self, visit: Visit, form: Form | None) -> Response:
        return self._html(visit, "home.html")

    def open_link(self, visit: Visit, form: Form | None) -> Response:
        """A link from an invitation: remember its token, and go to the survey."""
        address = _address(visit.request)
        wait = self.throttle.wait(address)
        if wait:
            raise Problem(429, "slow", retry_after=wait)
        token = str(visit.request.path_params["token"])
        hashed = token_hash(token) if looks_like_token(token) else None
        response = self.store.response(hashed) if hashed else None
        invitation = self.store.invitation(hashed) if hashed and response is None else None
        if response is None and invitation is None:
            self.throttle.failed(address)
            raise Problem(404, "link")
        if invitation is not None and invitation.withdrawn:
            raise Problem(404, "link")
        visit.cookies[SESSION] = token
        note = "?note=resumed" if response is not None and not response.complete else ""
        return self._redirect(visit, f"/survey{note}")

    def dispatch(self, visit: Visit, form: Form | None) -> Response:
        """Where the respondent goes on: the start, the first open question, review, thanks."""
        response = visit.response
        if response is None:
            if visit.invitation is None or visit.invitation.withdrawn or visit.published is None:
                raise Problem(404, "link")
            return self._redirect(visit, "/survey/start")
        if response.complete:
            return self._redirect(visit, "/survey/done")
        state = response.state(visit.q)
        index = state.first_open_page()
        note = _note(visit.request)
        suffix = f"?note={note}" if note else ""
        if index is None:
            return self._redirect(visit, f"/survey/review{suffix}")
        first = state.visible()[state.first_open() or 0]
        page = state.pages()[index]
        # Further down a page, the address scrolls to the first open question.
        anchor = f"#q-{first.id}" if first.id != page.questions[0].id else ""
        return self._redirect(visit, f"/survey/section/{page.section.id}{suffix}{anchor}")

    # -- the start: welcome, consent, who answers --------------------------------------------

    def start(self, visit: Visit, form: Form | None) -> Response:
        if visit.response is not None:
            return self._redirect(visit, "/survey")
        invitation = visit.invitation
        if invitation is None or invitation.withdrawn or visit.published is None:
            raise Problem(404, "link")
        q = visit.q
        profile = self._profile_fields(visit, invitation.group is None)
        errors: dict[str, str] = {}
        values: dict[str, str] = {}
        if form is not None:
            action = _one(form, "action")
            if action == "decline":
                if q.consent is None:
                    raise Tampered("nothing to decline")
                return self._html(visit, "declined.html")
            if action != "start":
                raise Tampered(f"unknown action {action!r}")
            forms.check_fields(form, {f"p:{name}" for name in profile})
            values = {name: _one(form, f"p:{name}").strip() for name in profile}
            group = invitation.group or values.get("group") or None
            errors = self._profile_errors(visit, values, group)
            if not errors and group is not None:
                return self._begin(visit, invitation, group, values)
        return self._html(
            visit,
            "start.html",
            422 if errors else 200,
            q_description=self._text(q, q.description, visit.lang),
            consent=self._text(q, q.consent, visit.lang) if q.consent is not None else None,
            region=_region_label(q, invitation.region, invitation.region_name),
            group_label=self._group_label(q, invitation.group, visit.lang)
            if invitation.group
            else None,
            profile=self._profile_view(visit, profile, values, errors),
            errors=errors,
        )

    def _profile_fields(self, visit: Visit, ask_group: bool) -> list[str]:
        q = visit.q
        fields = ["group"] if ask_group else []
        if q.profile.ask_organisation:
            fields.append("organisation")
        if q.profile.ask_sector:
            fields.append("sector")
        return fields

    def _profile_errors(
        self, visit: Visit, values: dict[str, str], group: str | None
    ) -> dict[str, str]:
        q = visit.q
        t = translations(visit.lang)
        errors: dict[str, str] = {}
        if "group" in values and not values["group"]:
            errors["group"] = t.gettext(N_("Choose the group you belong to."))
        organisation = values.get("organisation", "")
        if len(organisation) > 300:
            errors["organisation"] = t.gettext(
                N_("Please shorten the name to 300 characters (it has %(length)d).")
            ) % {"length": len(organisation)}
        elif control_character(organisation) is not None:
            raise Tampered("a control character in the organisation")
        region = visit.invitation.region if visit.invitation else None
        for key, _message in profile_problems(
            q,
            region=region,
            group=group,
            sector=values.get("sector") or None,
            language=visit.lang,
            complete=False,
        ):
            if key in ("group", "sector") and values.get(key):
                raise Tampered(f"not a {key} of the questionnaire")
        return errors

    def _profile_view(
        self, visit: Visit, fields: Sequence[str], values: dict[str, str], errors: dict[str, str]
    ) -> dict[str, Any]:
        q = visit.q
        lang = visit.lang
        view: dict[str, Any] = {"fields": list(fields), "values": values, "errors": errors}
        view["groups"] = [(g.id, self._text(q, g.label, lang)) for g in q.profile.groups]
        view["sectors"] = [(s.value, self._text(q, s.label, lang)) for s in q.profile.sectors]
        return view

    def _begin(
        self, visit: Visit, invitation: Invitation, group: str, values: dict[str, str]
    ) -> Response:
        """Store the new response; an open link's respondent gets a token of their own."""
        q = visit.q
        published = visit.published
        assert published is not None and visit.token is not None
        token = visit.token if invitation.kind == "personal" else new_token()
        moment = now()
        response = StoredResponse(
            id=new_respondent_id(),
            token_hash=token_hash(token),
            invitation=invitation.pk,
            questionnaire=published.pk,
            language=visit.lang,
            region=invitation.region,
            region_name=invitation.region_name or region_name(q, invitation.region),
            group=group,
            sector=values.get("sector") or None,
            consent=True if q.consent is not None else None,
            started=moment,
            updated=moment,
            submitted=None,
            organisation=values.get("organisation") or None,
            wave=invitation.wave,
        )
        self.store.create_response(response)
        visit.cookies[SESSION] = token
        return self._redirect(
            visit, "/survey?note=link" if invitation.kind == "open" else "/survey"
        )

    # -- a section of questions ---------------------------------------------------------------

    def _in_progress(self, visit: Visit) -> StoredResponse:
        response = visit.response
        if response is None:
            if visit.invitation is not None and not visit.invitation.withdrawn:
                raise _Redirect("/survey/start")
            raise Problem(404, "link")
        if response.complete:
            if visit.request.method == "POST":
                raise Problem(409, "submitted")
            raise _Redirect("/survey/done")
        return response

    def section(self, visit: Visit, form: Form | None) -> Response:
        try:
            response = self._in_progress(visit)
        except _Redirect as redirect:
            return self._redirect(visit, redirect.path)
        q = visit.q
        section_id = str(visit.request.path_params["section"])
        if form is None:
            state = response.state(q)
            pages = state.pages()
            index = _page_index(pages, section_id)
            if index is None:
                return self._redirect(visit, "/survey")
            return self._section_page(visit, state, index)
        action = _one(form, "action")
        if action not in ("next", "back", "later"):
            raise Tampered(f"unknown action {action!r}")
        for _attempt in range(5):
            try:
                return self._save_section(visit, response, section_id, action, form)
            except Conflict:
                fresh = self.store.response(response.token_hash)
                if fresh is None:
                    raise Problem(404, "link") from None
                response = fresh
        raise Problem(409, "stale")

    def _save_section(
        self,
        visit: Visit,
        response: StoredResponse,
        section_id: str,
        action: str,
        form: Form,
    ) -> Response:
        q = visit.q
        lang = visit.lang
        state = response.state(q)
        pages = state.pages()
        index = _page_index(pages, section_id)
        if index is None:
            raise Problem(409, "stale")
        shown = pages[index].questions
        forms.check_fields(form, forms.field_names(q, shown))
        readings: dict[str, Reading] = {}
        before = (dict(state.answers), list(state.skipped))
        for question in shown:
            if question.id not in {x.id for x in state.visible()}:
                continue  # an earlier answer on this page hid it
            reading = forms.read_answer(q, question, form, state.answers, lang)
            if reading.problem is not None:
                readings[question.id] = reading
            elif reading.value is not None:
                state.answer(question.id, reading.value)
            elif action == "next":
                if question.required:
                    reading.problem = required_message(q, question, lang)
                    readings[question.id] = reading
                else:
                    state.skip(question.id)
            elif question.id in state.answers:
                state.clear(question.id)  # emptied before going back or stopping
        if (dict(state.answers), list(state.skipped)) != before:
            self.store.save(replace(response.with_state(state), updated=now()))
        pages = state.pages()
        index = _page_index(pages, section_id)
        if readings:
            return self._section_page(visit, state, index or 0, readings=readings, status=422)
        if action == "later":
            return self._redirect(visit, "/survey/saved")
        if action == "back":
            target = (index or 0) - 1
            if target < 0:
                return self._redirect(visit, f"/survey/section/{section_id}")
            return self._redirect(visit, f"/survey/section/{pages[target].section.id}")
        if index is not None:
            posted = {x.id for x in shown}
            appeared = [
                x for x in pages[index].questions if x.id not in posted and state.is_open(x)
            ]
            if appeared:
                return self._section_page(
                    visit, state, index, new={x.id for x in appeared}, note="added"
                )
        following = (index + 1) if index is not None else _next_index(state, shown)
        if following < len(pages):
            return self._redirect(visit, f"/survey/section/{pages[following].section.id}")
        return self._redirect(visit, "/survey/review")

    def _section_page(
        self,
        visit: Visit,
        state: SurveyState,
        index: int,
        *,
        readings: dict[str, Reading] | None = None,
        new: set[str] | None = None,
        note: str | None = None,
        status: int = 200,
    ) -> Response:
        q = visit.q
        lang = visit.lang
        pages = state.pages()
        page = pages[index]
        readings = readings or {}
        shown: list[Shown] = [
            forms.show(
                q,
                question,
                lang,
                answer=state.answers.get(question.id),
                reading=readings.get(question.id),
                is_new=question.id in (new or set()),
            )
            for question in page.questions
        ]
        visible = state.visible()
        done = sum(1 for x in visible if not state.is_open(x))
        return self._html(
            visit,
            "section.html",
            status,
            section_title=self._text(q, page.section.title, lang),
            section_description=self._text(q, page.section.description, lang),
            section_id=page.section.id,
            number=index + 1,
            count=len(pages),
            percent=round(100 * done / len(visible)) if visible else 100,
            questions=shown,
            errors=[x for x in shown if x.problem],
            first=index == 0,
            note=note or _note(visit.request),
            link=self._link(visit) if _note(visit.request) == "link" else None,
        )

    # -- review, change, submit -------------------------------------------------------------

    def review(self, visit: Visit, form: Form | None) -> Response:
        try:
            response = self._in_progress(visit)
        except _Redirect as redirect:
            return self._redirect(visit, redirect.path)
        return self._review_page(visit, response)

    def _review_page(
        self, visit: Visit, response: StoredResponse, problems: dict[str, str] | None = None
    ) -> Response:
        q = visit.q
        lang = visit.lang
        state = response.state(q)
        t = translations(lang)
        sections = []
        for page in state.pages():
            rows = []
            for question in page.questions:
                value = state.answers.get(question.id)
                if is_answered(value):
                    answer = format_answer(q, question, value, lang)
                    status = "answered"
                elif question.id in state.skipped:
                    answer, status = t.gettext(N_("Skipped")), "skipped"
                else:
                    answer, status = t.gettext(N_("Not answered")), "open"
                rows.append(
                    {
                        "id": question.id,
                        "text": self._text(q, question.text, lang),
                        "answer": answer,
                        "status": status,
                        "required": question.required,
                        "problem": (problems or {}).get(question.id),
                    }
                )
            sections.append({"title": self._text(q, page.section.title, lang), "rows": rows})
        invitation = visit.invitation
        profile = [
            (t.gettext(N_("Region")), _region_label(q, response.region, response.region_name)),
            (t.gettext(N_("Stakeholder group")), self._group_label(q, response.group, lang)),
        ]
        if q.profile.ask_organisation:
            profile.append((t.gettext(N_("Organisation")), response.organisation or "–"))
        if q.profile.ask_sector:
            profile.append((t.gettext(N_("Sector")), self._sector_label(q, response.sector, lang)))
        return self._html(
            visit,
            "review.html",
            422 if problems else 200,
            sections=sections,
            profile=profile,
            profile_editable=bool(
                (invitation is not None and invitation.group is None)
                or q.profile.ask_organisation
                or q.profile.ask_sector
            ),
            problems=problems or {},
        )

    def submit(self, visit: Visit, form: Form | None) -> Response:
        try:
            response = self._in_progress(visit)
        except _Redirect as redirect:
            return self._redirect(visit, redirect.path)
        assert form is not None
        forms.check_fields(form, set())
        q = visit.q
        for _attempt in range(5):
            state = response.state(q)
            problems: dict[str, str] = {}
            for question in state.visible():
                value = state.answers.get(question.id)
                if is_answered(value):
                    problem = answer_problem(q, question, value, state.answers, visit.lang)
                    if problem:
                        problems[question.id] = problem
                elif question.required:
                    problems[question.id] = required_message(q, question, visit.lang)
            if problems:
                return self._review_page(visit, response, problems)
            # Optional questions never reached count as skipped, as in answers files.
            for question in state.visible():
                if state.is_open(question):
                    state.skipped.append(question.id)
            state.set_aside = {}
            moment = now()
            try:
                self.store.save(
                    replace(response.with_state(state), updated=moment, submitted=moment)
                )
            except Conflict:
                fresh = self.store.response(response.token_hash)
                if fresh is None or fresh.complete:
                    return self._redirect(visit, "/survey")
                response = fresh
                continue
            return self._redirect(visit, "/survey/done")
        raise Problem(409, "stale")

    def change(self, visit: Visit, form: Form | None) -> Response:
        """Change one answer from the review page; warn first when it removes others."""
        try:
            response = self._in_progress(visit)
        except _Redirect as redirect:
            return self._redirect(visit, redirect.path)
        q = visit.q
        lang = visit.lang
        qid = str(visit.request.path_params["question"])
        state = response.state(q)
        question = next((x for x in state.visible() if x.id == qid), None)
        if question is None:
            if form is not None:
                raise Problem(409, "stale")
            return self._redirect(visit, "/survey/review")
        if form is None:
            shown = forms.show(q, question, lang, answer=state.answers.get(qid))
            return self._html(visit, "change.html", question=shown, errors=[])
        forms.check_fields(form, forms.field_names(q, [question]))
        reading = forms.read_answer(q, question, form, state.answers, lang)
        if reading.problem is None and reading.value is None and question.required:
            reading.problem = required_message(q, question, lang)
        if reading.problem is not None:
            shown = forms.show(q, question, lang, reading=reading)
            return self._html(visit, "change.html", 422, question=shown, errors=[shown])
        removed = removed_by_answer(state, qid, reading.value)
        if removed and _one(form, "confirm") != "yes":
            return self._html(
                visit,
                "confirm.html",
                question_text=self._text(q, question.text, lang),
                removed=[self._removed_row(q, x, state, lang) for x in removed],
                action=f"/survey/change/{qid}",
                hidden=[
                    (name, value)
                    for name, values in form.items()
                    if name not in forms.FORM_FIELDS
                    for value in values
                ],
            )
        for _attempt in range(5):
            if reading.value is None:
                state.skip(qid)
            else:
                state.answer(qid, reading.value)
            try:
                self.store.save(replace(response.with_state(state), updated=now()))
                break
            except Conflict:
                fresh = self.store.response(response.token_hash)
                if fresh is None or fresh.complete:
                    return self._redirect(visit, "/survey")
                response = fresh
                state = response.state(q)
        else:
            raise Problem(409, "stale")
        if state.first_open() is not None:
            return self._redirect(visit, "/survey?note=added")
        return self._redirect(visit, "/survey/review?note=changed")

    def _removed_row(
        self, q: Questionnaire, question: Question, state: SurveyState, lang: str
    ) -> dict[str, str]:
        value = state.answers.get(question.id)
        return {
            "text": self._text(q, question.text, lang),
            "answer": format_answer(q, question, value, lang) if value is not None else "",
        }

    def profile(self, visit: Visit, form: Form | None) -> Response:
        """Change the organisation, sector or (open links) group from the review page."""
        try:
            response = self._in_progress(visit)
        except _Redirect as redirect:
            return self._redirect(visit, redirect.path)
        q = visit.q
        invitation = visit.invitation
        fields = self._profile_fields(visit, invitation is not None and invitation.group is None)
        values = {
            "group": response.group,
            "organisation": response.organisation or "",
            "sector": response.sector or "",
        }
        values = {name: values[name] for name in fields}
        errors: dict[str, str] = {}
        if form is not None:
            forms.check_fields(form, {f"p:{name}" for name in fields})
            values = {name: _one(form, f"p:{name}").strip() for name in fields}
            group = values.get("group") or response.group
            errors = self._profile_errors(visit, values, group)
            if not errors:
                state = response.state(q)
                removed = removed_by_group(state, group) if group != response.group else []
                if removed and _one(form, "confirm") != "yes":
                    return self._html(
                        visit,
                        "confirm.html",
                        question_text=translations(visit.lang).gettext(N_("Stakeholder group")),
                        removed=[self._removed_row(q, x, state, visit.lang) for x in removed],
                        action="/survey/profile",
                        hidden=[
                            (name, value)
                            for name, vals in form.items()
                            if name not in forms.FORM_FIELDS
                            for value in vals
                        ],
                    )
                state.set_group(group)
                organisation = values.get("organisation", response.organisation or "")
                sector = values.get("sector", response.sector)
                changed = replace(
                    response.with_state(state),
                    organisation=organisation or None,
                    sector=sector or None,
                    updated=now(),
                )
                try:
                    self.store.save(changed)
                except Conflict:
                    raise Problem(409, "stale") from None
                if state.first_open() is not None:
                    return self._redirect(visit, "/survey?note=added")
                return self._redirect(visit, "/survey/review?note=changed")
        return self._html(
            visit,
            "profile.html",
            422 if errors else 200,
            profile=self._profile_view(visit, fields, values, errors),
            errors=errors,
        )

    # -- language, stopping, the end ----------------------------------------------------------

    def language(self, visit: Visit, form: Form | None) -> Response:
        assert form is not None
        forms.check_fields(form, {"lang", "back"})
        lang = _one(form, "lang")
        offered = visit.published.questionnaire.languages if visit.published else WEB_LANGUAGES
        if lang not in offered:
            raise Tampered(f"not a language of the survey: {lang[:10]!r}")
        back = _one(form, "back") or "/survey"
        if not _BACK_PATH.match(back):
            raise Tampered("a language switch that leads elsewhere")
        visit.cookies[LANGUAGE] = lang
        response = visit.response
        if response is not None and not response.complete and response.language != lang:
            # Another tab may save first: the cookie still holds the choice.
            with suppress(Conflict):
                self.store.save(replace(response, language=lang))
        return self._redirect(visit, back)

    def _link(self, visit: Visit) -> str:
        base = self.settings.base_url or str(visit.request.base_url)
        return f"{base.rstrip('/')}/s/{quote(visit.token or '')}"

    def saved(self, visit: Visit, form: Form | None) -> Response:
        if visit.response is None:
            raise Problem(404, "link")
        return self._html(visit, "saved.html", link=self._link(visit))

    def done(self, visit: Visit, form: Form | None) -> Response:
        response = visit.response
        if response is None:
            raise Problem(404, "link")
        if not response.complete:
            return self._redirect(visit, "/survey")
        return self._html(visit, "done.html")

    def delete(self, visit: Visit, form: Form | None) -> Response:
        """A respondent deletes what they gave (right to erasure), after confirming."""
        if visit.token is None or (visit.response is None and visit.invitation is None):
            raise Problem(404, "link")
        if form is None:
            return self._html(visit, "delete.html")
        forms.check_fields(form, set())
        self.store.delete(token_hash(visit.token))
        visit.cookies[SESSION] = None
        return self._redirect(visit, "/deleted")

    def deleted(self, visit: Visit, form: Form | None) -> Response:
        return self._html(visit, "deleted.html")

    # -- the analyst's fieldwork monitor --------------------------------------------------

    def _admin_ok(self, visit: Visit) -> bool:
        token = visit.request.cookies.get(ADMIN)
        return (
            bool(token) and looks_like_token(str(token)) and self.store.admin_token_ok(str(token))
        )

    def admin(self, visit: Visit, form: Form | None) -> Response:
        if form is not None:
            address = _address(visit.request)
            wait = self.throttle.wait(address)
            if wait:
                raise Problem(429, "slow", retry_after=wait)
            forms.check_fields(form, {"token"})
            token = _one(form, "token").strip()
            if looks_like_token(token) and self.store.admin_token_ok(token):
                visit.cookies[ADMIN] = token
                return self._redirect(visit, "/admin")
            self.throttle.failed(address)
            return self._html(visit, "login.html", 401, failed=True)
        if not self._admin_ok(visit):
            return self._html(visit, "login.html", failed=False)
        reports = [
            fieldwork(self.store, published, visit.lang, self.settings.monitor)
            for published in _latest_versions(self.store.published())
        ]
        return self._html(visit, "monitor.html", reports=reports, updated=now())

    def admin_json(self, visit: Visit, form: Form | None) -> Response:
        if not self._admin_ok(visit):
            raise Problem(403, "admin")
        reports = [
            fieldwork(self.store, published, visit.lang, self.settings.monitor).as_data()
            for published in _latest_versions(self.store.published())
        ]
        return JSONResponse({"updated": now().isoformat(), "questionnaires": reports})

    def admin_logout(self, visit: Visit, form: Form | None) -> Response:
        visit.cookies[ADMIN] = None
        return self._redirect(visit, "/admin")

    # -- labels ------------------------------------------------------------------------------

    def _group_label(self, q: Questionnaire, group: str | None, lang: str) -> str:
        for g in q.profile.groups:
            if g.id == group:
                return self._text(q, g.label, lang)
        return group or "–"

    def _sector_label(self, q: Questionnaire, sector: str | None, lang: str) -> str:
        for s in q.profile.sectors:
            if s.value == sector:
                return self._text(q, s.label, lang)
        return sector or "–"


class _Redirect(Exception):
    def __init__(self, path: str):
        super().__init__(path)
        self.path = path


def create_app(store: Store, settings: WebSettings | None = None) -> Starlette:
    """The ASGI application of the web survey on `store`."""
    return WebSurvey(store, settings).app


# -- helpers ------------------------------------------------------------------------------


def accepted_languages(header: str) -> list[str]:
    """The language codes of an Accept-Language header, most wanted first."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")[:20]):
        code, _, params = part.strip().partition(";")
        code = code.strip().split("-")[0].lower()
        if not code or code == "*" or not code.isalpha():
            continue
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        weighted.append((-weight, position, code))
    return list(dict.fromkeys(code for _, _, code in sorted(weighted)))


def _one(form: Form, name: str) -> str:
    values = form.get(name, ())
    if len(values) > 1:
        raise Tampered(f"{name} is given twice")
    return values[0] if values else ""


def _note(request: Request) -> str | None:
    note = request.query_params.get("note")
    return note if note in NOTES else None


def _address(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"


def _page_index(pages: Sequence[Page], section_id: str) -> int | None:
    return next((n for n, page in enumerate(pages) if page.section.id == section_id), None)


def _next_index(state: SurveyState, shown: Sequence[Question]) -> int:
    """The page after the one whose questions were `shown`, when that section is hidden now."""
    order = [x.id for _, x in state.q.questions()]
    last = max(order.index(x.id) for x in shown)
    for n, page in enumerate(state.pages()):
        if order.index(page.questions[0].id) > last:
            return n
    return len(state.pages())


def _region_label(q: Questionnaire, code: str, name: str | None) -> str:
    name = name or region_name(q, code)
    return f"{name} ({code})" if name else code


def _latest_versions(published: list[Published]) -> list[Published]:
    latest: dict[str, Published] = {}
    for item in published:
        latest[item.id] = item
    return list(latest.values())
