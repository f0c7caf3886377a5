public import GatehouseCore

extension SettingVariable {
    /// The name without `GATEHOUSE_`: `SIGNING_KEYS`. Placeholders of the CGI files use it.
    public var shortName: String {
        name.hasPrefix("GATEHOUSE_") ? String(name.dropFirst("GATEHOUSE_".count)) : name
    }

    /// The file a secret is kept in, in a secrets folder, a Kubernetes Secret or a Secrets Manager
    /// JSON secret: `signing-keys`.
    public var secretKey: String {
        shortName.lowercased().replacing("_", with: "-")
    }

    /// The variable a deployment sets: `NAME_FILE` for a secret, `NAME` otherwise.
    public var deployedName: String { isSecret ? name + "_FILE" : name }

    /// The placeholder standing for a value in the CGI files: `@ISSUER@`.
    public var placeholder: String { "@\(shortName)@" }

    /// A CloudFormation parameter name: `OtpWebhookUrl`.
    public var parameterName: String {
        shortName.split(separator: "_").map { $0.prefix(1) + $0.dropFirst().lowercased() }.joined()
    }
}
