import Crypto

/// The external issuers the authenticator trusts, read from the JSON document in
/// `GATEHOUSE_TRUSTED_ISSUERS` (or the file `GATEHOUSE_TRUSTED_ISSUERS_FILE`).
///
/// The document is `{"issuers": [ … ]}`, one object per issuer:
///
/// ```json
/// {"issuer": "https://abc.supabase.co/auth/v1", "audiences": ["authenticated"],
///  "jwks_uri": "https://abc.supabase.co/auth/v1/.well-known/jwks.json",
///  "algorithms": ["ES256", "HS256"], "hs256_secret_file": "/run/secrets/supabase-jwt",
///  "tenant": {"value": "acme"}, "subject_claim": "sub",
///  "role": {"claim": "role", "map": {"authenticated": "editor", "service_role": "admin"}},
///  "required_claims": {"aal": "aal2"}}
/// ```
///
/// Keys: exactly one of `jwks` (an inline JWK Set), `jwks_file` or `jwks_uri`, and/or a secret
/// (`hs256_secret` or `hs256_secret_file`, at least 32 bytes) when `algorithms` holds HS256.
/// Every problem is a ``ConfigurationError`` naming the variable and the issuer's position.
public struct TrustedIssuers: Sendable {
    /// The issuers, by their exact `iss`.
    public let byIssuer: [String: TrustedIssuer]

    /// No issuers: only Gatehouse's own tokens are accepted.
    public static let none = TrustedIssuers(byIssuer: [:])

    /// The issuer whose `iss` this is, if trusted.
    public subscript(issuer: String) -> TrustedIssuer? { byIssuer[issuer] }

    /// Whether any issuer is trusted.
    public var isEmpty: Bool { byIssuer.isEmpty }

    private static let variable = "GATEHOUSE_TRUSTED_ISSUERS"
    private static let members: Set<String> = [
        "issuer", "audiences", "audience_claim", "jwks", "jwks_file", "jwks_uri", "hs256_secret", "hs256_secret_file",
        "algorithms", "tenant", "subject_claim", "role", "required_claims",
    ]
    private static let minimumSecretLength = 32

    /// Reads the document, if set; ``none`` when it is not.
    static func read(_ reader: VariableReader, mode: Configuration.Mode) throws(ConfigurationError) -> TrustedIssuers {
        guard let text = try reader.secret(variable) else { return .none }
        let source = reader.source(variable)
        return try parse(text, source: source, mode: mode)
    }

    /// Parses a document; `source` names the variable in errors.
    public static func parse(_ text: String, source: String, mode: Configuration.Mode) throws(ConfigurationError)
        -> TrustedIssuers
    {
        guard let document = try? JSONValue.parse(text), let root = document.objectValue else {
            throw ConfigurationError(source, "is not a JSON object")
        }
        guard root.names == ["issuers"], let list = root["issuers"]?.arrayValue, !list.isEmpty else {
            throw ConfigurationError(source, #"must be {"issuers": [ … ]} with at least one issuer"#)
        }
        var byIssuer: [String: TrustedIssuer] = [:]
        for (index, element) in list.enumerated() {
            let reader = IssuerReader(source: source, index: index, mode: mode)
            guard let object = element.objectValue else { throw reader.failure("is not a JSON object") }
            let issuer = try reader.issuer(object)
            guard byIssuer[issuer.issuer] == nil else { throw reader.failure("repeats the issuer \(issuer.issuer)") }
            byIssuer[issuer.issuer] = issuer
        }
        return TrustedIssuers(byIssuer: byIssuer)
    }

    /// Reads one issuer object, naming it in every error.
    private struct IssuerReader {
        let source: String
        let index: Int
        let mode: Configuration.Mode

        func failure(_ problem: String) -> ConfigurationError {
            ConfigurationError(source, "issuer \(index + 1) \(problem)")
        }

        func issuer(_ object: JSONObject) throws(ConfigurationError) -> TrustedIssuer {
            if let unknown = object.names.first(where: { !members.contains($0) }) {
                throw failure("has an unrecognised member \"\(unknown)\"")
            }
            guard let iss = object["issuer"]?.stringValue, !iss.isEmpty else {
                throw failure("needs \"issuer\", the exact iss of its tokens")
            }
            guard let audienceValues = object["audiences"]?.arrayValue, !audienceValues.isEmpty else {
                throw failure("needs \"audiences\", a non-empty array of strings")
            }
            let audiences = audienceValues.compactMap(\.stringValue).filter { !$0.isEmpty }
            guard audiences.count == audienceValues.count else { throw failure("has an audience that is not a string") }
            let algorithms = try readAlgorithms(object["algorithms"])
            let secret = try readSecret(object)
            let keySource = try readKeySource(object, algorithms: algorithms)
            guard (secret != nil) == algorithms.contains(.hs256) else {
                throw failure("must list HS256 in \"algorithms\" exactly when it has an hs256_secret")
            }
            guard keySource != nil || secret != nil else {
                throw failure("needs keys: \"jwks\", \"jwks_file\" or \"jwks_uri\" (or an hs256_secret)")
            }
            guard keySource != nil || algorithms == [.hs256] else {
                throw failure("lists asymmetric algorithms but has no jwks, jwks_file or jwks_uri")
            }
            return TrustedIssuer(
                issuer: iss, audiences: audiences, audienceClaim: try path(object["audience_claim"], default: .audience),
                keySource: keySource, sharedSecret: secret, algorithms: algorithms, mapping: try readMapping(object))
        }

        private func readAlgorithms(_ value: JSONValue?) throws(ConfigurationError) -> Set<JWSAlgorithm> {
            guard let names = value?.arrayValue, !names.isEmpty else {
                throw failure("needs \"algorithms\", e.g. [\"RS256\"]")
            }
            var algorithms: Set<JWSAlgorithm> = []
            for name in names {
                guard let text = name.stringValue, let algorithm = JWSAlgorithm(rawValue: text) else {
                    throw failure("has an algorithm that is not RS256, PS256, ES256, EdDSA or HS256")
                }
                algorithms.insert(algorithm)
            }
            return algorithms
        }

        private func readSecret(_ object: JSONObject) throws(ConfigurationError) -> VerificationKey? {
            let inline = object["hs256_secret"]
            let file = object["hs256_secret_file"]
            guard inline == nil || file == nil else { throw failure("sets both hs256_secret and hs256_secret_file") }
            let text: String
            if let inline {
                guard let value = inline.stringValue else { throw failure("has an hs256_secret that is not a string") }
                text = value
            } else if let file {
                guard let path = file.stringValue, let value = Self.readText(path) else {
                    throw failure("names an hs256_secret_file that cannot be read")
                }
                text = value
            } else {
                return nil
            }
            guard text.utf8.count >= minimumSecretLength else {
                throw failure("has an HS256 secret shorter than \(minimumSecretLength) bytes")
            }
            return VerificationKey(kid: "", publicKey: .sharedSecret(SymmetricKey(data: Array(text.utf8))))
        }

        private func readKeySource(
            _ object: JSONObject, algorithms: Set<JWSAlgorithm>
        ) throws(ConfigurationError) -> TrustedIssuer.KeySource? {
            let given = ["jwks", "jwks_file", "jwks_uri"].filter { object[$0] != nil }
            guard given.count <= 1 else { throw failure("sets more than one of jwks, jwks_file and jwks_uri") }
            let document: JSONValue
            switch given.first {
            case nil:
                return nil
            case "jwks_uri":
                guard let url = object["jwks_uri"]?.stringValue else { throw failure("has a jwks_uri that is not a string") }
                if let problem = JWKSFetcher.problem(with: url, mode: mode) { throw failure("has a jwks_uri that \(problem)") }
                return .url(url)
            case "jwks_file":
                guard let path = object["jwks_file"]?.stringValue, let text = Self.readText(path),
                    let parsed = try? JSONValue.parse(text)
                else { throw failure("names a jwks_file that cannot be read as JSON") }
                document = parsed
            default:
                document = object["jwks"]!
            }
            let keys = ExternalKeySet.keys(in: document, algorithms: algorithms)
            guard !keys.isEmpty else { throw failure("has a JWK Set with no usable key for its algorithms") }
            return .keys(keys)
        }

        private func readMapping(_ object: JSONObject) throws(ConfigurationError) -> IssuerMapping {
            guard let tenantObject = object["tenant"]?.objectValue else {
                throw failure(#"needs "tenant": {"value": "<tenant id>"} or {"claim": "<claim>"}"#)
            }
            let tenant: IssuerMapping.Tenant
            switch (tenantObject["value"], tenantObject["claim"], tenantObject.names.count) {
            case (.string(let id)?, nil, 1):
                guard Identifier.isTenant(id) else { throw failure("has a tenant value that is not a tenant id") }
                tenant = .fixed(id)
            case (nil, let claim?, 1):
                tenant = .claim(try path(claim, default: nil))
            default:
                throw failure(#"has a "tenant" that is not {"value": …} or {"claim": …}"#)
            }
            return IssuerMapping(
                tenant: tenant, subject: try path(object["subject_claim"], default: ClaimPath(["sub"])),
                role: try readRole(object["role"]), requiredClaims: try readRequiredClaims(object["required_claims"]))
        }

        private func readRole(_ value: JSONValue?) throws(ConfigurationError) -> IssuerMapping.RoleSource {
            guard let object = value?.objectValue else {
                throw failure(#"needs "role": {"value": "viewer"} or {"claim": …, "map": {…}}"#)
            }
            func role(_ value: JSONValue?) throws(ConfigurationError) -> Role {
                guard let name = value?.stringValue, let role = Role(rawValue: name) else {
                    throw failure("names a role that is not viewer, editor, admin or owner")
                }
                return role
            }
            if let fixed = object["value"] {
                guard object.names == ["value"] else { throw failure(#"has a "role" with "value" and other members"#) }
                return .fixed(try role(fixed))
            }
            guard Set(object.names).isSubset(of: ["claim", "map", "default"]), let claim = object["claim"],
                let mapObject = object["map"]?.objectValue, !mapObject.names.isEmpty
            else { throw failure(#"has a "role" that is not {"value": …} or {"claim": …, "map": {…}, "default"?}"#) }
            var map: [String: Role] = [:]
            for name in mapObject.names { map[name] = try role(mapObject[name]) }
            let fallback = try object["default"].map { (value) throws(ConfigurationError) in try role(value) }
            return .claim(try path(claim, default: nil), map: map, fallback: fallback)
        }

        private func readRequiredClaims(
            _ value: JSONValue?
        ) throws(ConfigurationError) -> [(path: ClaimPath, value: JSONValue)] {
            guard let value else { return [] }
            guard let object = value.objectValue else { throw failure("has required_claims that is not an object") }
            return object.names.compactMap { name in ClaimPath([name]).map { ($0, object[name]!) } }
        }

        private func path(_ value: JSONValue?, default fallback: ClaimPath?) throws(ConfigurationError) -> ClaimPath {
            guard let value else {
                guard let fallback else { throw failure("is missing a claim name") }
                return fallback
            }
            guard let path = ClaimPath(configuration: value) else {
                throw failure("has a claim that is not a name or an array of names")
            }
            return path
        }

        private static func readText(_ path: String) -> String? {
            guard let bytes = SystemAccess.readFile(path), var text = String(validating: bytes, as: UTF8.self) else {
                return nil
            }
            while text.last?.isNewline == true { text.removeLast() }
            return text
        }
    }
}
