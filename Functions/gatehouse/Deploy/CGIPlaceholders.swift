public import GatehouseCore

/// What the CGI configuration files leave to the site: the `@NAME@` placeholders infra/cgi/render
/// fills from variables of the same name.
enum CGIPlaceholders {
    /// The folder holding one file per secret, named by ``SettingVariable/secretKey``.
    static let secretsFolder = "@SECRETS_DIR@"

    /// The value a CGI file gives a variable: a placeholder, or for a secret the path of its file.
    static func value(of variable: SettingVariable) -> String {
        variable.isSecret ? "\(secretsFolder)/\(variable.secretKey)" : variable.placeholder
    }

    /// The comment lines explaining the placeholders of one server's file.
    static func legend(_ catalog: DeploymentCatalog, server: [String]) -> [String] {
        let settings = catalog.deployedVariables.filter { !$0.isSecret }.map(\.placeholder).joined(separator: " ")
        let secrets = catalog.deployedSecrets.map(\.secretKey).joined(separator: ", ")
        return [
            "# Rendered from the route catalog by `gatehouse deploy render`: do not edit; change the catalog",
            "# (Core/Gatehouse/Catalog) and render again. The placeholders (between @ signs) are filled in by",
            "# infra/cgi/render from variables of the same name, and by the tests that start this file:",
        ] + server.map { "#   " + $0 } + [
            "#   @SECRETS_DIR@ a folder holding one file per secret: \(secrets)",
            "#   \(settings)   the other GATEHOUSE_* settings",
            "# Each function is given exactly the settings it reads (secrets as *_FILE paths).",
        ]
    }
}
