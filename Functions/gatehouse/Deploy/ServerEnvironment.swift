public import GatehouseCore

/// The environment a container running `gatehouse-server` (every function) is given: every deployed
/// setting, secrets as `*_FILE` paths into a mounted folder.
enum ServerEnvironment {
    /// `(name, value)` for each variable; a secret's value is `folder/<prefix><secret key>`.
    static func variables(_ catalog: DeploymentCatalog, folder: String, prefix: String = "") -> [(String, String)] {
        catalog.deployedVariables.map { variable in
            (variable.deployedName, variable.isSecret ? "\(folder)/\(prefix)\(variable.secretKey)" : variable.example!)
        }
    }

    /// The `env:` list of a Kubernetes container.
    static func kubernetesList(_ catalog: DeploymentCatalog, indent: String) -> [String] {
        variables(catalog, folder: KubernetesRenderer.secretsFolder).map { name, value in
            "\(indent)- { name: \(name), value: \(SAMRenderer.quoted(value)) }"
        }
    }

    /// The `items:` of the Kubernetes Secret volume: one file per secret.
    static func kubernetesSecretItems(_ catalog: DeploymentCatalog, indent: String) -> [String] {
        catalog.deployedSecrets.map { "\(indent)- { key: \($0.secretKey), path: \($0.secretKey) }" }
    }
}
