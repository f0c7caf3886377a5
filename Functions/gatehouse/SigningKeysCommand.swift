import ArgumentParser
import GatehouseCore

/// `gatehouse signing-keys generate`: a private JWK Set for `GATEHOUSE_SIGNING_KEYS_FILE`.
struct SigningKeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signing-keys", abstract: "Generate token signing keys.", subcommands: [Generate.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a private JWK Set with a new key, added to an existing set when --add-to is given.",
            discussion: """
                Rotate by adding a key with --not-before set in the future: it is published in the JWKS at once \
                and signs from that time on; older keys keep verifying until you remove them.
                """)
        @Option(help: "ES256 (default), EdDSA or RS256 (a 2048-bit RSA key, for AWS API Gateway's JWT authorizer).")
        var alg: String = "ES256"
        @Option(help: "A private JWK Set file to extend; the file itself is not changed.") var addTo: String?
        @Option(help: "Unix time (seconds) from which the new key signs.") var notBefore: Int64?
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard let algorithm = JWSAlgorithm(rawValue: alg), Configuration.accessTokenAlgorithms.contains(algorithm)
            else { throw ValidationError("--alg must be ES256, EdDSA or RS256") }
        }

        func run() throws {
            let algorithm = JWSAlgorithm(rawValue: alg)!
            var keys: [SigningKey] = []
            if let addTo {
                guard let bytes = SystemAccess.readFile(addTo), let text = String(validating: bytes, as: UTF8.self)
                else {
                    throw CommandFailure(message: "cannot read \(addTo)")
                }
                do {
                    keys = try JWKSet(privateJWKSetJSON: text).keys
                } catch {
                    throw CommandFailure(message: "\(addTo): \(error)")
                }
            }
            keys.append(SigningKey.generate(algorithm, notBefore: notBefore))
            do {
                // Already JSON: --json changes nothing.
                print(try JWKSet(keys: keys).privateJWKSetJSON())
            } catch {
                throw CommandFailure(message: "\(error)")
            }
        }
    }
}
