import Foundation
import GatehouseCore
import Testing

/// The seeds' own curl examples, run verbatim by bash and curl against gatehouse-server, with only
/// the base URL and the credentials substituted (through the variables the examples already use)
/// and the elided request of "curl -H … ..." filled in. Each command is checked to appear in its
/// seed word for word, so the table cannot drift from the documents. Seed 003's OAuth examples
/// (`/oauth/register`, the authorization-code grant, `mcp_` clients, `DELETE /oauth_clients`)
/// belong to the OAuth function and its own tests; seed 004 documents code rather than curl, so
/// its two requests appear as the curl equivalent of the documented fetch calls.
@Suite("the seeds' curl examples, verbatim, against gatehouse-server")
struct SeedCurlExamplesTests {
    /// The shared seed documents: `GATEHOUSE_SEEDS_DIR`, else `../shared/seeds` beside the repository.
    static var seedsDirectory: URL {
        if let explicit = ProcessInfo.processInfo.environment["GATEHOUSE_SEEDS_DIR"] {
            return URL(fileURLWithPath: explicit)
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/seeds")
    }

    static func seed(_ prefix: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: seedsDirectory.path)
        let name = try #require(names.first { $0.hasPrefix(prefix) }, "seed \(prefix) in \(seedsDirectory.path)")
        return try String(contentsOf: seedsDirectory.appendingPathComponent(name), encoding: .utf8)
    }

    /// Seed 003's create, use (both header forms), rotate and revoke examples, as printed.
    static let create = #"""
        curl -s -X POST "$AMDAHL_BASE/api_keys" \
        -H "Authorization: Bearer $AMDAHL_KEY" \
        -H "Content-Type: application/json" \
        -d '{
        "name": "My integration",
        "scopes": ["data:read", "context:read", "pages:read", "pages:write"]
        }'
        """#
    static let useBearer = #"curl -H "Authorization: Bearer $AMDAHL_KEY" ..."#
    static let useHeader = #"curl -H "X-API-Key: $AMDAHL_KEY" ..."#
    static let rotate = #"""
        curl -s -X POST "$AMDAHL_BASE/api_keys/$OLD_KEY_ID/rotate" \
        -H "Authorization: Bearer $AMDAHL_KEY" \
        -d '{ "grace_period_hours": 24 }'
        """#
    static let revoke = #"""
        curl -s -X DELETE "$AMDAHL_BASE/api_keys/$KEY_ID" \
        -H "Authorization: Bearer $AMDAHL_KEY"
        """#

    /// Runs one command with bash; the status line is appended with `-w`. The elision `...` is the
    /// request being made: `$AMDAHL_BASE/verify`.
    static func run(_ command: String, _ variables: [String: String]) throws -> (status: String, body: JSONValue) {
        let filled = command.replacingOccurrences(of: " ...", with: #" "$AMDAHL_BASE/verify""#)
        let (_, output) = try runTool(
            "/bin/bash", ["-c", filled + #" -w '\n%{http_code}'"#], environment: variables)
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        let status = String(lines.last ?? "")
        // Without -s, curl's progress meter shares the captured output: the body is the JSON in it.
        let text = lines.dropLast().joined(separator: "\n")
        guard let start = text.firstIndex(of: "{"), let end = text.lastIndex(of: "}") else { return (status, .null) }
        return (status, (try? JSONValue.parse(String(text[start...end]))) ?? .null)
    }

    @Test("seed 003: create, use with Bearer and X-API-Key, rotate (curl -d's form type), revoke")
    func seed003() throws {
        let text = try Self.seed("003")
        for command in [Self.create, Self.useBearer, Self.useHeader, Self.rotate, Self.revoke] {
            #expect(text.contains(command), "not verbatim in seed 003: \(command.prefix(60))")
        }
        let fixture = try GatehouseFixture()
        let (old, _) = try fixture.makeKey(scopes: "data:read")
        let (doomed, _) = try fixture.makeKey(scopes: "data:read")
        try ServerTests().withServer([], fixture: fixture) { base in
            let variables = [
                "AMDAHL_BASE": base + "/v1", "AMDAHL_KEY": fixture.ownerKey.text, "OLD_KEY_ID": old.id,
                "KEY_ID": doomed.id,
            ]
            let created = try Self.run(Self.create, variables)
            #expect(created.status == "201", "\(created.body)")
            #expect(created.body["key"]?.stringValue?.hasPrefix("ak_live_") == true)
            #expect(created.body["scope_mode"] == "strict" && created.body["name"] == "My integration")
            for name in ["id", "key", "key_prefix", "name", "scopes", "scope_mode", "created_at"] {
                #expect(created.body[name] != nil, "documented field \(name)")
            }
            for use in [Self.useBearer, Self.useHeader] {
                let used = try Self.run(use, variables)
                #expect(used.status == "200", "\(use): \(used.body)")
                #expect(used.body["tenant_id"] == .string(fixture.tenant), "\(used)")
            }
            let rotated = try Self.run(Self.rotate, variables)
            #expect(rotated.status == "201", "\(rotated.body)")
            #expect(rotated.body["key"]?.stringValue?.hasPrefix("ak_live_") == true)
            #expect(rotated.body["rotated_from"] == .string(old.id))
            // Seed 003 documents no status for DELETE; Gatehouse answers 200 with the revoked key.
            let revoked = try Self.run(Self.revoke, variables)
            #expect(revoked.status == "200" && revoked.body["revoked_at"]?.stringValue != nil, "\(revoked)")
        }
    }

    @Test("seed 004: the documented GET api/v2.0/Users and POST v2.0/Auth/token-exchange, as curl")
    func seed004() throws {
        let text = try Self.seed("004")
        #expect(text.contains("${baseUrl}api/v2.0/Users") && text.contains("${baseUrl}v2.0/Auth/token-exchange"))
        let fixture = try GatehouseFixture()
        try ServerTests().withServer([], fixture: fixture) { base in
            let variables = [
                "baseUrl": "\(base)/tenant/\(fixture.tenant)/", "apiKey": fixture.ownerKey.text,
            ]
            let users = try Self.run(
                #"curl -s "${baseUrl}api/v2.0/Users" -H "X-API-Key: $apiKey" -H "Content-Type: application/json""#,
                variables)
            #expect(users.status == "200", "\(users.body)")
            #expect(users.body["data"]?.arrayValue?.count == 4)
            let token = try Self.run(
                #"curl -s -X POST "${baseUrl}v2.0/Auth/token-exchange" -H "X-API-Key: $apiKey" "#
                    + #"-H "Content-Type: application/json" -d '{"userId": "viewer"}'"#, variables)
            #expect(token.status == "200", "\(token.body)")
            #expect(token.body["token"]?.stringValue != nil && token.body["expires_at"]?.stringValue != nil)
        }
    }
}
