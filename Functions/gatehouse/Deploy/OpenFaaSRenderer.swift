public import GatehouseCore

/// `infra/openfaas/stack.yml`: gatehouse-server behind the of-watchdog (`mode=http`, every
/// function), and one function behind the classic watchdog, each with exactly its settings;
/// secrets are OpenFaaS secrets mounted under `/var/openfaas/secrets/`.
enum OpenFaaSRenderer {
    static let secretsFolder = "/var/openfaas/secrets"
    /// The function shown behind the classic watchdog.
    static let classicFunction = FunctionName.signin

    static func render(_ catalog: DeploymentCatalog) -> RenderedFile {
        let creates = catalog.deployedSecrets.map {
            "#   faas-cli secret create gatehouse-\($0.secretKey) --from-file \($0.secretKey)"
        }
        let classic = classicFunction.rawValue
        let lines = Text.join(
            [
                "# OpenFaaS stack for Gatehouse.  faas-cli deploy -f infra/openfaas/stack.yml",
                "# Rendered from the route catalog by `gatehouse deploy render openfaas`: do not edit; change the",
                "# catalog (Core/Gatehouse/Catalog) and render again.",
                "#",
                "# Recommended: `gatehouse`, gatehouse-server behind the of-watchdog in mode=http, which passes",
                "# status codes and headers through (401, 429 with Retry-After, Set-Cookie...).",
                "#",
                "# `gatehouse-\(classic)-classic` shows the classic watchdog (fwatchdog, one process per request, the",
                "# request in Http_* variables and stdin). Its limit: it answers 200 whatever the function says",
                "# (500 only when the process exits non-zero) and drops every response header, so a refused sign-in",
                "# reaches the client as 200 with an error envelope. Use it only where a caller reads the body's",
                "# `error.code`; prefer the first function.",
                "#",
                "# Each function is given exactly the settings it reads; secrets are mounted under",
                "# \(secretsFolder)/ and read through the *_FILE variables. Create them first:",
            ], creates,
            [
                "version: 1.0",
                "provider:",
                "  name: openfaas",
                "  gateway: http://127.0.0.1:8080",
                "",
                "functions:",
                "  gatehouse:",
                "    lang: dockerfile",
                "    handler: ./of-watchdog",
                "    image: gatehouse-openfaas:latest",
                "    environment:",
                "      mode: http",
                "      upstream_url: http://127.0.0.1:8081",
                "      # gatehouse-server on the port the of-watchdog forwards to",
                "      fprocess: gatehouse-server --host 127.0.0.1 --port 8081",
            ], environment(catalog.deployedVariables), ["    secrets:"],
            catalog.deployedSecrets.map { "      - gatehouse-\($0.secretKey)" },
            [
                "    labels:",
                #"      com.openfaas.scale.min: "1""#,
                "",
                "  gatehouse-\(classic)-classic:",
                "    lang: dockerfile",
                "    handler: ./classic-watchdog",
                "    image: gatehouse-\(classic)-classic:latest",
                "    environment:",
                "      fprocess: \(classic)",
                "      # Our JSON logs go to stderr; keep them out of the response body.",
                "      combine_output: false",
                "      content_type: application/json",
                "      GATEHOUSE_TRANSPORT: watchdog",
            ], environment(catalog.deployedVariables(of: classicFunction)), ["    secrets:"],
            catalog.deployedVariables(of: classicFunction).filter(\.isSecret).map {
                "      - gatehouse-\($0.secretKey)"
            })
        return RenderedFile(path: "infra/openfaas/stack.yml", text: lines)
    }

    static func environment(_ variables: [SettingVariable]) -> [String] {
        variables.map { variable in
            let value = variable.isSecret ? "\(secretsFolder)/gatehouse-\(variable.secretKey)" : variable.example!
            return "      \(variable.deployedName): \(value)"
        }
    }
}
