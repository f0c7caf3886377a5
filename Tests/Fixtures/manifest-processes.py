"""Reads a Kubernetes, Knative or OpenFaaS manifest the way the platform starts its processes, for
DeploymentManifestTests.

Usage: manifest-processes.py FILE

Prints one entry per process the manifest starts: its command (container args, or the watchdog's
fprocess), its environment exactly as given, and the secret files mounted for it (path -> the
key of the Kubernetes Secret, or the OpenFaaS secret's name).
"""
import json
import shlex
import sys

import yaml


def kubernetes(documents):
    processes = []
    for document in documents:
        kind = document.get("kind")
        if kind == "Deployment":
            pod = document["spec"]["template"]["spec"]
        elif kind == "Service" and document.get("apiVersion", "").startswith("serving.knative.dev"):
            pod = document["spec"]["template"]["spec"]
        else:
            continue
        volumes = {volume["name"]: volume for volume in pod.get("volumes", [])}
        for container in pod["containers"]:
            files = {}
            for mount in container.get("volumeMounts", []):
                for item in volumes[mount["name"]]["secret"]["items"]:
                    files[mount["mountPath"] + "/" + item["path"]] = item["key"]
            environment = {entry["name"]: entry["value"] for entry in container.get("env", [])}
            processes.append({"name": container.get("name", kind), "command": ["gatehouse-server"] + container["args"],
                              "environment": environment, "secretFiles": files})
    return processes


def openfaas(stack):
    processes = []
    for name, function in stack["functions"].items():
        environment = {key: str(value) for key, value in function.get("environment", {}).items()}
        command = shlex.split(environment["fprocess"])
        files = {f"/var/openfaas/secrets/{secret}": secret for secret in function.get("secrets", [])}
        processes.append({"name": name, "command": command, "environment": environment, "secretFiles": files})
    return processes


path = sys.argv[1]
with open(path) as handle:
    documents = [document for document in yaml.safe_load_all(handle) if document]
stack = documents[0]
print(json.dumps(openfaas(stack) if "functions" in stack and "provider" in stack else kubernetes(documents)))
