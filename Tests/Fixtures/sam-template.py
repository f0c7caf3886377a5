"""Reads a SAM template the way CloudFormation would deploy it, for SAMTemplateTests.

Usage: sam-template.py TEMPLATE PARAMETERS_JSON SECRETS_JSON

Translates the template with aws-sam-translator (local CodeUri paths stand in for S3 objects, as
`sam package` would upload them), then resolves each Lambda function's environment: `Ref` and
`Fn::Sub` from PARAMETERS_JSON, `{{resolve:secretsmanager:ID:SecretString:KEY}}` from SECRETS_JSON
(KEY of the JSON secret). Prints, per function, the zip it runs, its environment (with how each value
was given: "parameter", "secret-reference" or "literal") and the HTTP API routes integrated with it.
"""
import json
import os
import re
import sys

from cfnlint.decode import decode
from samtranslator.translator.transform import transform


class NoManagedPolicies:
    def load(self):
        return {}


def resolve_sub(text, parameters):
    return re.sub(r"\$\{([A-Za-z0-9:]+)\}", lambda m: parameters[m.group(1)], text)


def resolve_secrets(text, secrets):
    def one(match):
        reference = match.group(1)
        secret_id, rest = reference.split(":SecretString:", 1)
        key = rest.split(":")[0]
        return secrets[secret_id][key]

    return re.sub(r"\{\{resolve:secretsmanager:(.*?)\}\}", one, text)


def value(raw, parameters, secrets):
    if isinstance(raw, dict) and "Ref" in raw:
        return parameters[raw["Ref"]], "parameter"
    if isinstance(raw, dict) and "Fn::Sub" in raw:
        text = resolve_sub(raw["Fn::Sub"], parameters)
    elif isinstance(raw, str):
        text = raw
    else:
        raise SystemExit(f"unsupported environment value {raw!r}")
    how = "secret-reference" if "{{resolve:secretsmanager:" in text else "literal"
    return resolve_secrets(text, secrets), how


def main():
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    path, parameters, secrets = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
    template, matches = decode(path)
    if matches:
        raise SystemExit(f"cannot read {path}: {matches}")
    zips = {}
    for logical_id, resource in template["Resources"].items():
        if resource["Type"] == "AWS::Serverless::Function":
            code = resource["Properties"]["CodeUri"]
            zips[logical_id] = code.rsplit("/", 1)[-1]
            resource["Properties"]["CodeUri"] = f"s3://gatehouse-artifacts/{zips[logical_id]}"
    translated = transform(template, parameters, NoManagedPolicies())
    resources = translated["Resources"]
    functions = {}
    for logical_id, resource in resources.items():
        if resource["Type"] != "AWS::Lambda::Function":
            continue
        variables = resource["Properties"].get("Environment", {}).get("Variables", {})
        environment, given = {}, {}
        for name, raw in variables.items():
            environment[name], given[name] = value(raw, parameters, secrets)
        functions[logical_id] = {"zip": zips[logical_id], "environment": environment, "given": given, "routes": []}
    for resource in resources.values():
        if resource["Type"] != "AWS::ApiGatewayV2::Api":
            continue
        for route_path, operations in resource["Properties"]["Body"]["paths"].items():
            for method, operation in operations.items():
                uri = json.dumps(operation["x-amazon-apigateway-integration"]["uri"])
                owner = re.search(r"\$\{([A-Za-z0-9]+)\.Arn\}", uri).group(1)
                functions[owner]["routes"].append([method.upper(), route_path])
    print(json.dumps(functions))


main()
