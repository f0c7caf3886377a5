import GatehouseCore

/// The values tests give the catalog's deployed settings, wherever a deployment file leaves them to
/// the site: valid ones (OTP deliveries go to a loopback address, so nothing leaves the machine), and
/// for each setting a value it refuses.
enum DeploymentTestValues {
    static let issuer = "https://gatehouse.test"
    static let audience = "gatehouse-tests"
    static let serverSecret = "test-server-secret-of-at-least-32-bytes!"
    /// The `whsec_` secret the otp function signs webhook deliveries with.
    static let webhookSecret = "whsec_" + Base64.encode(Array("test-webhook-secret-24-bytes+".utf8))

    /// A valid value for each deployed setting, by variable name.
    static func valid(redisURL: String, otpWebhookURL: String = "http://127.0.0.1:9/otp") -> [String: String] {
        [
            "GATEHOUSE_ISSUER": issuer, "GATEHOUSE_AUDIENCE": audience, "GATEHOUSE_REDIS_URL": redisURL,
            "GATEHOUSE_SIGNING_KEYS": TestSigningKeys.privateJSON, "GATEHOUSE_SERVER_SECRET": serverSecret,
            "GATEHOUSE_OTP_SENDER": "webhook", "GATEHOUSE_OTP_WEBHOOK_URL": otpWebhookURL,
            "GATEHOUSE_OTP_WEBHOOK_SECRET": webhookSecret,
        ]
    }

    /// The value of each secret, by ``SettingVariable/secretKey`` (`signing-keys`): what a secrets
    /// folder, a Kubernetes Secret or a Secrets Manager secret holds.
    static func secretFiles(redisURL: String, otpWebhookURL: String = "http://127.0.0.1:9/otp") -> [String: String] {
        let values = valid(redisURL: redisURL, otpWebhookURL: otpWebhookURL)
        var files: [String: String] = [:]
        for variable in SettingGroup.allCases.flatMap(\.variables) where variable.isSecret && variable.isDeployed {
            let shortName = variable.name.dropFirst("GATEHOUSE_".count)
            files[shortName.lowercased().replacingOccurrences(of: "_", with: "-")] = values[variable.name]
        }
        return files
    }

    /// A value each setting refuses at start-up.
    static let invalid = [
        "GATEHOUSE_ISSUER": "ftp://gatehouse.test", "GATEHOUSE_REDIS_URL": "carrier-pigeon://redis",
        "GATEHOUSE_SIGNING_KEYS": #"{"keys":[]}"#, "GATEHOUSE_SERVER_SECRET": "too-short",
        "GATEHOUSE_OTP_SENDER": "pigeon", "GATEHOUSE_OTP_WEBHOOK_URL": "not a URL",
        "GATEHOUSE_OTP_WEBHOOK_SECRET": "not-whsec", "GATEHOUSE_TOKEN_TTL": "forever",
    ]
}
