import ArgumentParser
import GatehouseCore

/// `gatehouse jwks`: the public JWK Set of the configured signing keys.
struct JWKSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jwks", abstract: "Print the public JWK Set of GATEHOUSE_SIGNING_KEYS(_FILE).")
    @OptionGroup var output: OutputOptions

    func run() throws {
        let configuration = try configured { () throws(ConfigurationError) in
            try Configuration(environment: SystemAccess.environment(), settings: [.signingKeys], strict: true)
        }
        print(configuration.signingKeys!.publicJWKS().jsonText)
    }
}
