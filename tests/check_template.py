#!/usr/bin/env python3
"""Checks the SAM template for the project's own rules, the ones cfn-lint does not know.

Usage: python3 tests/check_template.py [TEMPLATE] [WORKSPACE]
       (defaults: infra/template.yaml and ., both relative to the current directory)

Rules:
  * every function's logical id ends with `Function`;
  * every function runs on provided.al2023 (its own Runtime, or the one from Globals.Function);
  * every AWS::Serverless::Function is built with Metadata.BuildMethod rust-cargolambda and names in
    Metadata.BuildProperties.Binary a binary of the Cargo workspace;
  * every Ref, Fn::GetAtt and ${Name} inside Fn::Sub names a resource, a parameter or a pseudo parameter
    (and every Fn::If / Condition a condition, every Fn::FindInMap a mapping, every DependsOn a resource);
  * every function with an asynchronous trigger (S3, SNS, EventBridge, schedules, ...) has an
    EventInvokeConfig with MaximumRetryAttempts and a DestinationConfig.OnFailure;
  * every function with a trigger has a sample event `events/<binary>-<case>.json` in the workspace;
  * every AWS Batch job definition bounds its attempts (RetryStrategy.Attempts) and its running time
    (Timeout.AttemptDurationSeconds), like the functions' retry limits and timeouts;
  * the web UI is served by a CloudFront distribution from a private bucket through Origin Access Control,
    the API under the same origin without caching, every behaviour with the security headers policy, whose
    Content-Security-Policy is `mendan serve`'s (cli/src/serve/headers.rs) plus only the AWS endpoints the
    browser talks to, with HSTS; the WAF of infra/waf.yaml (beside the template) has the managed common,
    known-bad-inputs and IP-reputation groups, a per-address rate rule on auth/* and a per-path one on /t/;
  * monitoring reaches people: an SNS topic; every function has an Errors and a Throttles alarm and an ERROR-line
    metric filter on its log group; every dead-letter queue of a retried function has a depth alarm; every alarm
    notifies the topic; the synthetic check runs on a schedule and its silence alarms; there is a dashboard;
  * uploads are scanned for malware by a GuardDuty malware protection plan that tags what it scanned;
  * least privilege: no policy allows an action with a wildcard or the resource "*", and no function uses a broad
    SAM policy template (only EventBridgePutEventsPolicy and SQSSendMessagePolicy, which name one bus or queue),
    outside the reviewed ALLOWED_WILDCARDS below.

Exit status: 0 when every rule holds, 1 when some do not (each problem on its own line), 2 when the
template or the workspace cannot be read. Needs Python 3.11+ (tomllib) and PyYAML.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

RUNTIME = "provided.al2023"
BUILD_METHOD = "rust-cargolambda"
FUNCTION_TYPES = ("AWS::Serverless::Function", "AWS::Lambda::Function")
PSEUDO_PARAMETERS = frozenset(
    {
        "AWS::AccountId",
        "AWS::NotificationARNs",
        "AWS::NoValue",
        "AWS::Partition",
        "AWS::Region",
        "AWS::StackId",
        "AWS::StackName",
        "AWS::URLSuffix",
    }
)
# SAM event sources that Lambda invokes asynchronously: a failure is retried by Lambda and then dropped
# unless the function has an on-failure destination. (Api/HttpApi/Cognito/AlexaSkill are synchronous;
# SQS, Kinesis, DynamoDB and the Kafka/MQ sources are polled and configure failures on the event.)
ASYNC_EVENT_TYPES = frozenset(
    {
        "S3",
        "SNS",
        "EventBridgeRule",
        "CloudWatchEvent",
        "Schedule",
        "ScheduleV2",
        "CloudWatchLogs",
        "IoTRule",
    }
)
# Directories whose workspace members are binaries by convention (see DESIGN.md, "Layout").
BINARY_DIRS = ("functions", "cli")


class Problem(Exception):
    """The template or the workspace cannot be read at all."""


# ------------------------------------------------------------------------------------------ YAML


class CfnLoader(yaml.SafeLoader):
    """A safe loader that turns CloudFormation's short-form tags into their long forms."""


def _construct_node(loader: CfnLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)


def _construct_cfn_tag(loader: CfnLoader, suffix: str, node: yaml.Node) -> Any:
    value = _construct_node(loader, node)
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "Condition":
        return {"Condition": value}
    if suffix == "GetAtt" and isinstance(value, str):
        # `!GetAtt Resource.Attribute.Maybe.Nested`: the resource name ends at the first dot.
        resource, _, attribute = value.partition(".")
        return {"Fn::GetAtt": [resource, attribute]}
    return {f"Fn::{suffix}": value}


CfnLoader.add_multi_constructor("!", _construct_cfn_tag)


def load_template(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise Problem(f"cannot read the template {path}: {error.strerror}") from error
    try:
        document = yaml.load(text, Loader=CfnLoader)  # noqa: S506 - CfnLoader derives from SafeLoader
    except yaml.YAMLError as error:
        raise Problem(f"{path} is not valid YAML: {error}") from error
    if not isinstance(document, dict) or not isinstance(document.get("Resources"), dict):
        raise Problem(f"{path} has no Resources section; is it a CloudFormation template?")
    return document


# ------------------------------------------------------------------------------------------ Cargo


@dataclass
class Workspace:
    root: Path
    binaries: set[str] = field(default_factory=set)
    libraries: set[str] = field(default_factory=set)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except OSError as error:
        raise Problem(f"cannot read {path}: {error.strerror}") from error
    except tomllib.TOMLDecodeError as error:
        raise Problem(f"{path} is not valid TOML: {error}") from error


def load_workspace(root: Path) -> Workspace:
    manifest = _read_toml(root / "Cargo.toml")
    workspace_table = manifest.get("workspace")
    if not isinstance(workspace_table, dict):
        raise Problem(f"{root / 'Cargo.toml'} has no [workspace] table; pass the workspace root")
    excluded = {(root / entry).resolve() for entry in workspace_table.get("exclude", [])}

    member_dirs: list[Path] = []
    for pattern in workspace_table.get("members", []):
        matches = sorted(root.glob(pattern)) if any(c in pattern for c in "*?[") else [root / pattern]
        member_dirs.extend(path for path in matches if path.resolve() not in excluded)

    workspace = Workspace(root=root)
    for member in member_dirs:
        member_manifest = member / "Cargo.toml"
        if not member_manifest.is_file():
            raise Problem(f"workspace member {member.relative_to(root)} has no Cargo.toml")
        package = _read_toml(member_manifest)
        name = package.get("package", {}).get("name")
        if not isinstance(name, str):
            raise Problem(f"{member_manifest} has no [package] name")
        bins = [entry.get("name") for entry in package.get("bin", []) if isinstance(entry, dict)]
        top = member.relative_to(root).parts[0] if member != root else ""
        if top in BINARY_DIRS or (member / "src" / "main.rs").is_file():
            workspace.binaries.add(name)
        workspace.binaries.update(b for b in bins if isinstance(b, str))
        if name not in workspace.binaries:
            workspace.libraries.add(name)
    return workspace


# ------------------------------------------------------------------------------------------ checks


SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")

# SAM policy templates that grant one action on one named resource.
NARROW_POLICY_TEMPLATES = frozenset({"EventBridgePutEventsPolicy", "SQSSendMessagePolicy"})
# (resource, statement Sid) → why a wildcard there was reviewed and kept. Empty: none is needed today.
ALLOWED_WILDCARDS: dict[tuple[str, str], str] = {}


@dataclass
class Checker:
    template: dict[str, Any]
    workspace: Workspace
    template_path: Path = Path("infra/template.yaml")
    problems: list[str] = field(default_factory=list)
    references: int = 0

    def __post_init__(self) -> None:
        self.resources: dict[str, Any] = self.template.get("Resources") or {}
        self.parameters = set(self.template.get("Parameters") or {})
        self.conditions = set(self.template.get("Conditions") or {})
        self.mappings = set(self.template.get("Mappings") or {})
        self.globals_function: dict[str, Any] = (self.template.get("Globals") or {}).get("Function") or {}
        self.generated = self._sam_generated_resources()

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    # SAM creates some resources itself, and a template may refer to them by their documented names.
    def _sam_generated_resources(self) -> set[str]:
        names: set[str] = set()
        for name, resource in self.resources.items():
            if not isinstance(resource, dict):
                continue
            kind = resource.get("Type")
            props = resource.get("Properties") or {}
            if kind == "AWS::Serverless::Function":
                if "Role" not in props:
                    names.add(f"{name}Role")
                for event in (props.get("Events") or {}).values():
                    event_type = event.get("Type") if isinstance(event, dict) else None
                    api_id = ((event or {}).get("Properties") or {}).get("ApiId") if event_type else None
                    if event_type == "HttpApi" and api_id is None:
                        names.update({"ServerlessHttpApi", "ServerlessHttpApiApiGatewayDefaultStage"})
                    if event_type == "Api" and api_id is None:
                        names.add("ServerlessRestApi")
            elif kind == "AWS::Serverless::HttpApi":
                names.add(f"{name}ApiGatewayDefaultStage")
        return names

    def _is_resource(self, name: str) -> bool:
        return name in self.resources or name in self.generated

    def _resolves(self, name: str) -> bool:
        return self._is_resource(name) or name in self.parameters or name in PSEUDO_PARAMETERS

    # -------------------------------------------------------------- references

    def walk(self, node: Any, where: str) -> None:
        if isinstance(node, list):
            for index, item in enumerate(node):
                self.walk(item, f"{where}[{index}]")
            return
        if not isinstance(node, dict):
            return
        if len(node) == 1:
            (key, value), = node.items()
            handler = {
                "Ref": self._check_ref,
                "Fn::GetAtt": self._check_getatt,
                "Fn::Sub": self._check_sub,
                "Fn::If": self._check_if,
                "Fn::FindInMap": self._check_find_in_map,
            }.get(key)
            if handler is not None:
                handler(value, f"{where}.{key}")
                return
            if key == "Condition" and isinstance(value, str) and where.split(".")[-1].startswith(
                ("Fn::And", "Fn::Or", "Fn::Not")
            ):
                self._check_condition_name(value, f"{where}.Condition")
                return
        for key, value in node.items():
            self.walk(value, f"{where}.{key}")

    def _check_ref(self, target: Any, where: str) -> None:
        self.references += 1
        if not isinstance(target, str):
            self.fail(where, f"Ref needs a name, got {target!r}")
            return
        if "." in target:
            # SAM's `!Ref MyFunction.Alias` / `.Version` for functions with AutoPublishAlias.
            resource, _, suffix = target.partition(".")
            if suffix in ("Alias", "Version") and self._kind(resource) == "AWS::Serverless::Function":
                return
        if not self._resolves(target):
            self.fail(where, f"Ref {target!r} is not a resource, parameter or pseudo parameter{self._hint(target)}")

    def _check_getatt(self, value: Any, where: str) -> None:
        self.references += 1
        if isinstance(value, str):
            value = value.split(".", 1)
        if not isinstance(value, list) or len(value) != 2 or not isinstance(value[0], str):
            self.fail(where, f"Fn::GetAtt needs [Resource, Attribute], got {value!r}")
            return
        self.walk(value[1], f"{where}[1]")
        if not self._is_resource(value[0]):
            self.fail(where, f"Fn::GetAtt target {value[0]!r} is not a resource{self._hint(value[0])}")

    def _check_sub(self, value: Any, where: str) -> None:
        variables: dict[str, Any] = {}
        if isinstance(value, list) and len(value) == 2 and isinstance(value[1], dict):
            text, variables = value
            self.walk(variables, f"{where}[1]")
        else:
            text = value
        if not isinstance(text, str):
            self.fail(where, f"Fn::Sub needs a string or [string, variables], got {value!r}")
            return
        for match in SUB_VARIABLE.finditer(text):
            name = match.group(1).strip()
            if name.startswith("!"):  # ${!Literal} is written out as ${Literal}
                continue
            self.references += 1
            if name in variables:
                continue
            target = name.split(".", 1)[0] if "." in name else name
            ok = self._is_resource(target) if "." in name else self._resolves(target)
            if not ok:
                self.fail(where, f"${{{name}}} in Fn::Sub does not resolve{self._hint(target)}")

    def _check_if(self, value: Any, where: str) -> None:
        if not isinstance(value, list) or len(value) != 3:
            self.fail(where, f"Fn::If needs [Condition, IfTrue, IfFalse], got {value!r}")
            return
        self._check_condition_name(value[0], f"{where}[0]")
        self.walk(value[1], f"{where}[1]")
        self.walk(value[2], f"{where}[2]")

    def _check_condition_name(self, name: Any, where: str) -> None:
        self.references += 1
        if not isinstance(name, str) or name not in self.conditions:
            self.fail(where, f"condition {name!r} is not defined in Conditions")

    def _check_find_in_map(self, value: Any, where: str) -> None:
        if not isinstance(value, list) or len(value) < 3:
            self.fail(where, f"Fn::FindInMap needs [Map, TopKey, SecondKey], got {value!r}")
            return
        if isinstance(value[0], str):
            self.references += 1
            if value[0] not in self.mappings:
                self.fail(where, f"mapping {value[0]!r} is not defined in Mappings")
        for index, item in enumerate(value):
            self.walk(item, f"{where}[{index}]")

    def _hint(self, name: str) -> str:
        if name in self.conditions:
            return " (it is a condition)"
        if name in self.mappings:
            return " (it is a mapping)"
        if name.startswith("AWS::"):
            return f" (known pseudo parameters: {', '.join(sorted(PSEUDO_PARAMETERS))})"
        return ""

    def _kind(self, name: str) -> str | None:
        resource = self.resources.get(name)
        return resource.get("Type") if isinstance(resource, dict) else None

    def check_references(self) -> None:
        for section in ("Globals", "Conditions", "Resources", "Outputs"):
            if section in self.template:
                self.walk(self.template[section], section)
        for name, resource in self.resources.items():
            if not isinstance(resource, dict):
                self.fail(f"Resources.{name}", "a resource must be a mapping")
                continue
            depends = resource.get("DependsOn", [])
            for target in [depends] if isinstance(depends, str) else depends:
                self.references += 1
                if not self._is_resource(target):
                    self.fail(f"Resources.{name}.DependsOn", f"{target!r} is not a resource")
            condition = resource.get("Condition")
            if condition is not None:
                self._check_condition_name(condition, f"Resources.{name}.Condition")

    # -------------------------------------------------------------- functions

    def functions(self) -> list[tuple[str, dict[str, Any]]]:
        return [
            (name, resource)
            for name, resource in self.resources.items()
            if isinstance(resource, dict) and resource.get("Type") in FUNCTION_TYPES
        ]

    def check_function(self, name: str, resource: dict[str, Any]) -> None:
        where = f"Resources.{name}"
        kind = resource["Type"]
        props = resource.get("Properties") or {}
        serverless = kind == "AWS::Serverless::Function"

        if not name.endswith("Function"):
            self.fail(where, f"the logical id of a function must end with 'Function' (e.g. {name}Function)")

        runtime = props.get("Runtime", self.globals_function.get("Runtime") if serverless else None)
        if runtime != RUNTIME:
            self.fail(where, f"Runtime is {runtime!r}; Rust functions run on {RUNTIME!r}")

        if not serverless:
            return
        metadata = resource.get("Metadata") or {}
        if metadata.get("BuildMethod") != BUILD_METHOD:
            self.fail(
                where,
                f"Metadata.BuildMethod is {metadata.get('BuildMethod')!r}; set it to {BUILD_METHOD!r}",
            )
        binary = (metadata.get("BuildProperties") or {}).get("Binary")
        if not binary:
            self.fail(where, "Metadata.BuildProperties.Binary is missing; name the package's binary")
        elif binary not in self.workspace.binaries:
            known = ", ".join(sorted(self.workspace.binaries)) or "none"
            extra = " (that package is a library)" if binary in self.workspace.libraries else ""
            self.fail(
                where,
                f"Metadata.BuildProperties.Binary {binary!r} is not a binary of the workspace at "
                f"{self.workspace.root}{extra}; binaries there: {known}",
            )

        self._check_async(name, props)
        if binary and props.get("Events"):
            self._check_sample_event(name, binary)

    def _check_sample_event(self, name: str, binary: str) -> None:
        events_dir = self.workspace.root / "events"
        if not any(events_dir.glob(f"{binary}-*.json")):
            self.fail(
                f"Resources.{name}",
                f"has triggers but no sample event {events_dir}/{binary}-<case>.json; add one and feed it to a test",
            )

    def check_job_definition(self, name: str, resource: dict[str, Any]) -> None:
        where = f"Resources.{name}"
        props = resource.get("Properties") or {}
        if not (props.get("RetryStrategy") or {}).get("Attempts"):
            self.fail(where, "RetryStrategy.Attempts is not set; bound the job's attempts")
        if not (props.get("Timeout") or {}).get("AttemptDurationSeconds"):
            self.fail(where, "Timeout.AttemptDurationSeconds is not set; a hung job would run (and cost) forever")

    def _check_async(self, name: str, props: dict[str, Any]) -> None:
        events = props.get("Events") or {}
        async_events = sorted(
            event_name
            for event_name, event in events.items()
            if isinstance(event, dict) and event.get("Type") in ASYNC_EVENT_TYPES
        )
        if not async_events:
            return
        where = f"Resources.{name}"
        config = {**(self.globals_function.get("EventInvokeConfig") or {}), **(props.get("EventInvokeConfig") or {})}
        triggers = ", ".join(async_events)
        if "MaximumRetryAttempts" not in config:
            self.fail(
                where,
                f"is invoked asynchronously (events: {triggers}) but EventInvokeConfig.MaximumRetryAttempts "
                "is not set; bound the retries",
            )
        on_failure = (config.get("DestinationConfig") or {}).get("OnFailure")
        if not isinstance(on_failure, dict) or "Type" not in on_failure:
            self.fail(
                where,
                f"is invoked asynchronously (events: {triggers}) but has no "
                "EventInvokeConfig.DestinationConfig.OnFailure; failed events would be lost",
            )

    def run(self) -> int:
        self.check_references()
        functions = self.functions()
        if not functions:
            self.fail("Resources", "the template defines no function")
        for name, resource in functions:
            self.check_function(name, resource)
        for name, resource in self.resources.items():
            if isinstance(resource, dict) and resource.get("Type") == "AWS::Batch::JobDefinition":
                self.check_job_definition(name, resource)
        self.check_site()
        self.check_waf()
        self.check_monitoring(functions)
        self.check_permissions()
        self.check_malware_scanning()
        return len(functions)

    def check_malware_scanning(self) -> None:
        plans = self.of_type("AWS::GuardDuty::MalwareProtectionPlan")
        if len(plans) != 1:
            self.fail("Resources", "a GuardDuty malware protection plan on the uploads")
            return
        props = plans[0][1].get("Properties") or {}
        if ((props.get("Actions") or {}).get("Tagging") or {}).get("Status") != "ENABLED":
            self.fail(plans[0][0], "tags each scanned object (the analysis reads the tag)")

    def check_permissions(self) -> None:
        for name, resource in self.resources.items():
            if not isinstance(resource, dict):
                continue
            props = resource.get("Properties") or {}
            kind = resource.get("Type")
            if kind in FUNCTION_TYPES:
                documents = []
                for policy in props.get("Policies") or []:
                    if isinstance(policy, dict) and "Statement" in policy:
                        documents.append(policy)
                    elif isinstance(policy, dict) and "PolicyDocument" in policy:
                        documents.append(policy["PolicyDocument"])
                    elif isinstance(policy, dict):
                        template = next(iter(policy))
                        if template not in NARROW_POLICY_TEMPLATES:
                            self.fail(name, f"the SAM policy template {template} grants more than the function uses")
                    else:
                        self.fail(name, f"the managed policy {policy} is not reviewed")
            elif kind == "AWS::IAM::Role":
                documents = [p.get("PolicyDocument") or {} for p in props.get("Policies") or []]
            else:
                continue
            for document in documents:
                for statement in document.get("Statement") or []:
                    if statement.get("Effect") != "Allow":
                        continue
                    sid = statement.get("Sid", "?")
                    actions = statement.get("Action")
                    actions = actions if isinstance(actions, list) else [actions]
                    resources = statement.get("Resource")
                    resources = resources if isinstance(resources, list) else [resources]
                    wild = [a for a in actions if "*" in str(a)] + [r for r in resources if r == "*"]
                    if wild and (name, sid) not in ALLOWED_WILDCARDS:
                        self.fail(f"{name}/{sid}", f"wildcard permission {wild} outside the reviewed allow-list")
                    # The API serves people: it may not delete stored files (the erasure function does).
                    deleting = [a for a in actions if str(a).startswith("s3:Delete")]
                    if name == "ApiFunction" and deleting:
                        self.fail(f"{name}/{sid}", f"the API may not delete stored files ({deleting})")

    def check_monitoring(self, functions: list[tuple[str, dict[str, Any]]]) -> None:
        topics = [n for n, _ in self.of_type("AWS::SNS::Topic")]
        if not topics:
            self.fail("Resources", "an SNS topic for the alarms")
            return
        alarms = self.of_type("AWS::CloudWatch::Alarm")
        for name, alarm in alarms:
            actions = (alarm.get("Properties") or {}).get("AlarmActions") or []
            if not any(_ref_name(a) in topics for a in actions):
                self.fail(name, "the alarm notifies the ops topic (AlarmActions)")

        def alarmed(metric: str, dimension: str, target: str) -> list[dict[str, Any]]:
            found = []
            for _, alarm in alarms:
                props = alarm.get("Properties") or {}
                dims = props.get("Dimensions") or []
                if props.get("MetricName") == metric and any(d.get("Name") == dimension and _ref_name(d.get("Value")) == target for d in dims):
                    found.append(props)
            return found

        filtered = {_ref_name((r.get("Properties") or {}).get("LogGroupName")) for _, r in self.of_type("AWS::Logs::MetricFilter")}
        for name, function in functions:
            props = function.get("Properties") or {}
            for metric in ("Errors", "Throttles"):
                if not alarmed(metric, "FunctionName", name):
                    self.fail(name, f"an alarm on the function's {metric}")
            log_group = _ref_name((props.get("LoggingConfig") or {}).get("LogGroup"))
            if log_group not in filtered:
                self.fail(name, f"a metric filter of ERROR lines on its log group {log_group}")
            invoke = props.get("EventInvokeConfig") or {}
            queue = _ref_name(((invoke.get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination"))
            if queue and invoke.get("MaximumRetryAttempts", 2) > 0:
                depth = [a for _, a in alarms if (a.get("Properties") or {}).get("MetricName") == "ApproximateNumberOfMessagesVisible"
                         and any(_ref_name(d.get("Value")) == queue for d in (a["Properties"].get("Dimensions") or []))]
                if not depth:
                    self.fail(name, f"a depth alarm on its dead-letter queue {queue}")
        synthetic = [(n, f) for n, f in functions if ((f.get("Metadata") or {}).get("BuildProperties") or {}).get("Binary") == "synthetic-check"]
        if not synthetic:
            self.fail("Resources", "the synthetic check function")
        for name, function in synthetic:
            events = ((function.get("Properties") or {}).get("Events") or {}).values()
            if not any(e.get("Type") in ("ScheduleV2", "Schedule") for e in events):
                self.fail(name, "runs on a schedule")
            if not any(a.get("TreatMissingData") == "breaching" for a in alarmed("Errors", "FunctionName", name)):
                self.fail(name, "its error alarm treats missing data (a check that did not run) as breaching")
        if not self.of_type("AWS::CloudWatch::Dashboard"):
            self.fail("Resources", "a CloudWatch dashboard")

    def check_waf(self) -> None:
        path = self.template_path.parent / "waf.yaml"
        where = str(path)
        try:
            edge = load_template(path).get("Resources") or {}
            acls = [r for r in edge.values() if r.get("Type") == "AWS::WAFv2::WebACL"]
        except Problem as problem:
            self.fail(where, str(problem))
            return
        if len(acls) != 1 or acls[0].get("Properties", {}).get("Scope") != "CLOUDFRONT":
            self.fail(where, "one web ACL of scope CLOUDFRONT")
            return
        rules = acls[0]["Properties"].get("Rules") or []
        groups = {r["Statement"]["ManagedRuleGroupStatement"]["Name"] for r in rules if "ManagedRuleGroupStatement" in r.get("Statement", {})}
        for group in ("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"):
            if group not in groups:
                self.fail(where, f"the managed rule group {group}")
        rates = [r["Statement"]["RateBasedStatement"] for r in rules if "RateBasedStatement" in r.get("Statement", {})]
        scoped = lambda rate: rate.get("ScopeDownStatement", {}).get("ByteMatchStatement", {}).get("SearchString")
        if not any(rate.get("AggregateKeyType") == "IP" and scoped(rate) == "/v1/auth/" for rate in rates):
            self.fail(where, "a rate rule per client address on /v1/auth/")
        if not any(rate.get("AggregateKeyType") == "CUSTOM_KEYS" and scoped(rate) == "/t/" for rate in rates):
            self.fail(where, "a rate rule per tenant path on /t/")
        if not any((r.get("Properties") or {}).get("MetricName") == "5xxErrorRate" for r in edge.values() if r.get("Type") == "AWS::CloudWatch::Alarm"):
            self.fail(where, "an alarm on the distribution's 5xx rate (CloudFront's metrics are in us-east-1)")

    def of_type(self, kind: str) -> list[tuple[str, dict[str, Any]]]:
        return [(n, r) for n, r in self.resources.items() if isinstance(r, dict) and r.get("Type") == kind]

    def check_site(self) -> None:
        distributions = self.of_type("AWS::CloudFront::Distribution")
        if len(distributions) != 1:
            self.fail("Resources", f"expected one CloudFront distribution for the web UI, found {len(distributions)}")
            return
        name, distribution = distributions[0]
        config = (distribution.get("Properties") or {}).get("DistributionConfig") or {}
        origins = {o.get("Id"): o for o in config.get("Origins") or []}
        site = origins.get("site") or {}
        if "OriginAccessControlId" not in site:
            self.fail(name, "the site origin is read through Origin Access Control (OriginAccessControlId)")
        bucket = _ref_name(site.get("DomainName"))
        blocked = (((self.resources.get(bucket) or {}).get("Properties") or {}).get("PublicAccessBlockConfiguration") or {})
        if not all(blocked.get(k) is True for k in ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")):
            self.fail(name, f"the site bucket {bucket} blocks every kind of public access")
        behaviours = [config.get("DefaultCacheBehavior") or {}] + list(config.get("CacheBehaviors") or [])
        if any("ResponseHeadersPolicyId" not in b for b in behaviours):
            self.fail(name, "every cache behaviour sends the security headers (ResponseHeadersPolicyId)")
        api = [b for b in behaviours if b.get("PathPattern") == "/t/*/v1/*"]
        caching_disabled = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
        if not api or api[0].get("TargetOriginId") != "api" or api[0].get("CachePolicyId") != caching_disabled:
            self.fail(name, "/t/*/v1/* goes to the api origin with the managed CachingDisabled policy")
        policies = self.of_type("AWS::CloudFront::ResponseHeadersPolicy")
        if len(policies) != 1:
            self.fail("Resources", "expected one response headers policy")
            return
        headers = (policies[0][1].get("Properties") or {}).get("ResponseHeadersPolicyConfig", {}).get("SecurityHeadersConfig") or {}
        if not (headers.get("StrictTransportSecurity") or {}).get("AccessControlMaxAgeSec", 0) >= 31536000:
            self.fail(policies[0][0], "HSTS for at least a year")
        csp = (headers.get("ContentSecurityPolicy") or {}).get("ContentSecurityPolicy")
        csp = csp.get("Fn::Sub") if isinstance(csp, dict) else csp
        served = self.served_csp()
        if served is None:
            self.fail("cli/src/serve/headers.rs", "the CSP constant of mendan serve was not found")
        elif _without_aws_endpoints(str(csp)) != _normalised_csp(served):
            self.fail(policies[0][0], f"the CSP differs from mendan serve's beyond the AWS endpoints:\n  {_without_aws_endpoints(str(csp))}\n  {_normalised_csp(served)}")

    def served_csp(self) -> str | None:
        source = (self.workspace.root / "cli/src/serve/headers.rs").read_text(encoding="utf-8")
        found = re.search(r'const CSP: &str = "((?:[^"\\]|\\.)*)";', source, re.S)
        return found.group(1).replace("\\\n", " ") if found else None


def _ref_name(value: Any) -> str | None:
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        return value["Fn::GetAtt"][0]
    if isinstance(value, dict) and "Ref" in value:
        return value["Ref"]
    return None


def _normalised_csp(policy: str) -> list[str]:
    """The directives, each with its sources, whitespace ignored."""
    return [" ".join(d.split()) for d in policy.split(";") if d.strip()]


def _without_aws_endpoints(policy: str) -> list[str]:
    aws = re.compile(r"(https|wss)://(\$\{[^}]+\}|\*\.kinesisvideo\.\$\{AWS::Region\}\.amazonaws\.com)")
    return _normalised_csp(aws.sub("", policy))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("template", nargs="?", default="infra/template.yaml", help="the SAM template")
    parser.add_argument("workspace", nargs="?", default=".", help="the Cargo workspace root")
    args = parser.parse_args(argv)

    template_path, workspace_root = Path(args.template), Path(args.workspace)
    try:
        template = load_template(template_path)
        workspace = load_workspace(workspace_root)
    except Problem as problem:
        print(f"template check: error: {problem}", file=sys.stderr)
        return 2

    checker = Checker(template, workspace, template_path=template_path)
    function_count = checker.run()
    if checker.problems:
        for problem in checker.problems:
            print(f"template check: {template_path}: {problem}", file=sys.stderr)
        print(f"template check: {len(checker.problems)} problem(s) found", file=sys.stderr)
        return 1
    print(f"template check: {function_count} functions, {checker.references} references: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
