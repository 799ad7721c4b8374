"""The rules and exception-queue API: agent keys (fm_ak_...) reach it, seller keys do not, and
seller endpoints refuse agent keys."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select
from typer.testing import CliRunner

from fairmarket.bootstrap import Container
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.audit.models import AuditRecord
from fairmarket.domains.ops.models import AgentApiKey
from fairmarket.domains.ops.schemas import AgentCreate, AgentKeyCreate
from fairmarket.domains.ops.service import create_agent, create_agent_key
from fairmarket.domains.rules.models import RuleSetVersion
from fairmarket.entrypoints.api.app import create_app
from fairmarket.entrypoints.cli.main import app as cli
from fairmarket.kernel.actors import system_actor
from tests.factories.accounts import make_api_key, make_seller
from tests.support.rule_sets import APPROVE_UNSHIPPED as SOURCE

PROBLEM = "application/problem+json"
AGENT_EMAIL = "ruth@fairmarket.test"
# Line 10 names a fact the catalogue does not have, inside rule "approve-unshipped".
UNKNOWN_FACT_SOURCE = SOURCE.replace("buyer.cancellation_rate_90d", "buyer.mood")


def make_agent_key(factory: UnitOfWorkFactory, scopes: list[str] | None = None) -> str:
    with factory() as uow:
        create_agent(
            uow,
            system_actor("cli"),
            AgentCreate(email=AGENT_EMAIL, display_name="Ruth", password="a long passphrase"),
        )
    with factory() as uow:
        command = AgentKeyCreate(email=AGENT_EMAIL, scopes=scopes)
        return create_agent_key(uow, system_actor("cli"), command).key


class World:
    def __init__(self, container: Container) -> None:
        factory = container.uow_factory
        self.factory = factory
        self.client = TestClient(create_app(container))
        self.agent_key = make_agent_key(factory)
        self.seller = make_seller(factory)
        self.seller_key = make_api_key(factory, seller_id=self.seller.seller_id)

    def agent(self, key: str | None = None, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {key or self.agent_key}", **extra}

    def draft(self, source: str = SOURCE, key: str = "draft-1") -> Response:
        return self.client.post(
            "/v1/rules/drafts",
            headers=self.agent(**{"Idempotency-Key": key}),
            json={"source": source},
        )

    def versions(self) -> int:
        with self.factory(read_only=True) as uow:
            return int(uow.session.scalar(select(func.count()).select_from(RuleSetVersion)) or 0)


@pytest.fixture
def world(container: Container) -> World:
    return World(container)


def assert_problem(response: Response, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, object] = response.json()
    assert body["code"] == code
    assert body["status"] == status
    return body


def test_an_agent_key_creates_a_draft_and_lists_it(world: World) -> None:
    created = world.draft()

    assert created.status_code == 201, created.text
    draft = created.json()
    assert (draft["rule_set_name"], draft["number"], draft["status"]) == (
        "cancellations",
        1,
        "draft",
    )
    assert draft["created_by"] == f"agent:{AGENT_EMAIL}"
    listed = world.client.get("/v1/rules", headers=world.agent())
    assert listed.status_code == 200, listed.text
    [rule_set] = listed.json()["items"]
    assert rule_set["name"] == "cancellations"
    assert [v["id"] for v in rule_set["versions"]] == [draft["id"]]
    shown = world.client.get(f"/v1/rules/versions/{draft['id']}", headers=world.agent())
    assert shown.json()["source"] == SOURCE.rstrip("\n")


def test_validating_reports_problems_with_200_and_saves_nothing(world: World) -> None:
    response = world.client.post(
        "/v1/rules/validate", headers=world.agent(), json={"source": UNKNOWN_FACT_SOURCE}
    )

    assert response.status_code == 200, response.text
    report = response.json()
    assert report["valid"] is False
    [problem] = report["problems"]
    assert (problem["line"], problem["rule_id"], problem["fact"]) == (
        10,
        "approve-unshipped",
        "buyer.mood",
    )
    assert world.versions() == 0


def test_a_valid_text_validates_with_its_tests_run(world: World) -> None:
    response = world.client.post(
        "/v1/rules/validate", headers=world.agent(), json={"source": SOURCE}
    )

    report = response.json()
    assert (report["valid"], report["name"], report["problems"]) == (True, "cancellations", [])
    assert (report["tests"]["passed"], report["tests"]["total"]) == (True, 1)


def test_a_draft_from_an_invalid_text_is_422_naming_line_and_rule_and_saves_nothing(
    world: World,
) -> None:
    response = world.draft(UNKNOWN_FACT_SOURCE)

    body = assert_problem(response, 422, "rule_set_invalid")
    assert body["errors"] == [
        {
            "field": "source:10:9",
            "message": "line 10: rule 'approve-unshipped': Unknown fact 'buyer.mood'. "
            "See the fact catalogue for the names.",
            "code": "unknown_fact",
        }
    ]
    assert world.versions() == 0


def test_promoting_needs_an_idempotency_key(world: World) -> None:
    version_id = world.draft().json()["id"]

    response = world.client.post(
        f"/v1/rules/versions/{version_id}/promote", headers=world.agent(), json={"to": "shadow"}
    )

    assert_problem(response, 400, "idempotency_key_missing")
    shown = world.client.get(f"/v1/rules/versions/{version_id}", headers=world.agent())
    assert shown.json()["status"] == "draft"


def test_a_tested_draft_is_promoted_to_shadow_with_a_key(world: World) -> None:
    version_id = world.draft().json()["id"]
    tested = world.client.post(
        f"/v1/rules/versions/{version_id}/test",
        headers=world.agent(**{"Idempotency-Key": "test-1"}),
    )
    assert tested.json()["passed"] is True, tested.text

    response = world.client.post(
        f"/v1/rules/versions/{version_id}/promote",
        headers=world.agent(**{"Idempotency-Key": "promote-1"}),
        json={"to": "shadow"},
    )

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "shadow"


def test_a_seller_key_on_the_rules_api_is_403_naming_the_agent_key_and_scope(world: World) -> None:
    listed = world.client.get("/v1/rules", headers=world.agent(world.seller_key))
    drafted = world.client.post(
        "/v1/rules/drafts",
        headers=world.agent(world.seller_key, **{"Idempotency-Key": "seller-draft"}),
        json={"source": SOURCE},
    )

    body = assert_problem(listed, 403, "agent_key_required")
    assert "agent key (fm_ak_...)" in str(body["detail"])
    assert "'rules:read'" in str(body["detail"])
    assert "'rules:write'" in str(assert_problem(drafted, 403, "agent_key_required")["detail"])
    assert world.versions() == 0


def test_an_agent_key_on_a_seller_endpoint_is_403(world: World) -> None:
    response = world.client.get("/v1/orders", headers=world.agent())

    body = assert_problem(response, 403, "seller_key_required")
    assert "agent keys reach the /v1/rules and /v1/ops endpoints" in str(body["detail"])


def test_an_agent_key_without_rules_write_cannot_draft(
    world: World, uow_factory: UnitOfWorkFactory
) -> None:
    with uow_factory() as uow:
        command = AgentKeyCreate(email=AGENT_EMAIL, scopes=["rules:read"])
        read_only = create_agent_key(uow, system_actor("cli"), command).key

    response = world.client.post(
        "/v1/rules/drafts",
        headers=world.agent(read_only, **{"Idempotency-Key": "ro-draft"}),
        json={"source": SOURCE},
    )

    assert_problem(response, 403, "missing_scope")
    assert world.versions() == 0


def test_disputes_stay_in_the_ops_console(world: World) -> None:
    response = world.client.post(
        "/v1/ops/after-sales/1/rule",
        headers=world.agent(**{"Idempotency-Key": "rule-1"}),
        json={"ruling": "for_seller", "note": "Trying it with an agent key."},
    )

    assert response.status_code in {404, 405}


def test_openapi_groups_rules_and_exceptions_under_their_tags(world: World) -> None:
    paths = world.client.get("/openapi.json").json()["paths"]

    assert paths["/v1/rules/drafts"]["post"]["tags"] == ["Rules"]
    assert paths["/v1/rules/versions/{version_id}/promote"]["post"]["tags"] == ["Rules"]
    assert paths["/v1/rules/sets/{rule_set_id}/rollback"]["post"]["tags"] == ["Rules"]
    assert paths["/v1/ops/exceptions"]["get"]["tags"] == ["Exceptions"]
    assert paths["/v1/ops/exceptions/{item_id}/decide"]["post"]["tags"] == ["Exceptions"]
    simulate = paths["/v1/rules/versions/{version_id}/simulate"]["post"]
    body_ref = simulate["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body_ref.endswith("RulesSimulateBody")
    assert paths["/v1/after-sales/{request_id}/decision"]["get"]["tags"] == ["After-sales"]


def test_the_cli_creates_and_revokes_an_agent_key(
    world: World, monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    monkeypatch.setenv("FAIRMARKET_DATABASE_URL", database_url)
    runner = CliRunner()

    created = runner.invoke(cli, ["agents", "key", "create", "--email", AGENT_EMAIL])
    assert created.exit_code == 0, created.output
    key = created.output.split("store it now): ")[1].split()[0]
    assert key.startswith("fm_ak_")
    assert world.client.get("/v1/rules", headers=world.agent(key)).status_code == 200

    prefix = key.split("_")[2]
    revoked = runner.invoke(cli, ["agents", "key", "revoke", prefix])

    assert revoked.exit_code == 0, revoked.output
    with world.factory(read_only=True) as uow:
        record = uow.session.scalars(select(AgentApiKey).where(AgentApiKey.prefix == prefix)).one()
        actions = list(
            uow.session.scalars(
                select(AuditRecord.action).where(AuditRecord.subject_type == "agent_api_key")
            )
        )
    assert record.revoked_at is not None
    assert actions.count("agent_api_key.revoked") == 1
    fresh = TestClient(create_app(world.client.app.state.container))  # no cached lookup
    assert_problem(fresh.get("/v1/rules", headers=world.agent(key)), 401, "invalid_credentials")


def test_agent_keys_are_stored_hashed(world: World) -> None:
    with world.factory(read_only=True) as uow:
        [record] = uow.session.scalars(select(AgentApiKey))

    assert world.agent_key.startswith(f"fm_ak_{record.prefix}_")
    assert world.agent_key not in record.secret_hash
    assert len(record.secret_hash) == 64


def test_an_agent_key_cannot_talk_to_the_seller_chatbot(world: World) -> None:
    response = world.client.post(
        "/v1/chat", headers=world.agent(), json={"message": "show my orders"}
    )

    assert_problem(response, 403, "seller_key_required")
