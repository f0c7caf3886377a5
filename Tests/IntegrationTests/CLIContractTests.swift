import Foundation
import GatehouseCore
import Testing

/// The CLI's contract for scripts and people (issue 12): `--json` everywhere, errors as JSON under
/// it, tables for lists, exit codes 64 (usage, with that command's usage), 69 (Redis unavailable),
/// 78 (configuration, naming the variable, no usage), `--version`.
@Suite("the gatehouse CLI: --json, exit codes, tables, --version, an idempotent demo")
struct CLIContractTests {
    let redis = RedisTestServer.shared.url
    var cli: String { BuiltProducts.path("gatehouse") }
    var store: [String] { ["--redis-url", redis] }

    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (Int32, String) {
        try runTool(cli, arguments, environment: environment)
    }

    /// A tenant with an admin user `ana`.
    func tenantWithAdmin() throws -> String {
        let tenant = "cli-" + Base62.random(count: 8).lowercased()
        #expect(try run(["tenant", "create", tenant] + store).0 == 0)
        #expect(try run(["user", "add", "--tenant", tenant, "--id", "ana", "--role", "admin"] + store).0 == 0)
        return tenant
    }

    @Test("--version prints the version and exits 0")
    func version() throws {
        let (status, output) = try run(["--version"])
        #expect(status == 0 && output == GatehouseVersion.current + "\n")
    }

    @Test("a usage error exits 64 with that command's usage, not the root's")
    func usageError() throws {
        let (status, output) = try run(["key", "create", "--tenant", "x"] + store)
        #expect(status == 64, "\(output)")
        #expect(output.contains("Usage: gatehouse key create"), "\(output)")
        #expect(!output.contains("SUBCOMMANDS"), "\(output)")
        let (jsonStatus, json) = try run(["key", "create", "--tenant", "x", "--json"] + store)
        #expect(jsonStatus == 64)
        #expect(try JSONValue.parse(json)["error"]?["code"] == "usage", "\(json)")
    }

    @Test("a configuration error exits 78 naming the variable, without usage text; unrelated variables are ignored")
    func configurationError() throws {
        let (status, output) = try run(["tenant", "show", "acme"], environment: ["GATEHOUSE_REDIS_URL": "bogus://"])
        #expect(status == 78, "\(output)")
        #expect(output.contains("GATEHOUSE_REDIS_URL") && !output.contains("Usage:"), "\(output)")
        let (jsonStatus, json) = try run(["tenant", "show", "acme", "--json"], environment: ["GATEHOUSE_REDIS_URL": "bogus://"])
        let code = try JSONValue.parse(json)["error"]?["code"]
        #expect(jsonStatus == 78 && code == "configuration", "\(json)")
        let (unrelated, message) = try run(["tenant", "show", "nope"] + store, environment: ["GATEHOUSE_OTP_SENDER": "bogus"])
        #expect(unrelated == 1 && message.contains("tenant nope not found") && !message.contains("Usage:"), "\(message)")
        let (keysMissing, keysMessage) = try run(["jwks"])
        #expect(keysMissing == 78 && keysMessage.contains("GATEHOUSE_SIGNING_KEYS"), "\(keysMessage)")
    }

    @Test("Redis unavailable exits 69; a missing object exits 1; both as JSON under --json")
    func failures() throws {
        let (down, output) = try run(["tenant", "show", "acme", "--json", "--redis-url", "unix:///nonexistent/r.sock"])
        #expect(down == 69)
        #expect(try JSONValue.parse(output)["error"]?["code"] == "unavailable", "\(output)")
        let (missing, notFound) = try run(["tenant", "show", "nope-\(Int.random(in: 1...999_999))", "--json"] + store)
        #expect(missing == 1)
        #expect(try JSONValue.parse(notFound)["error"]?["code"] == "not_found", "\(notFound)")
    }

    @Test("every command takes --json and prints one JSON document, the rotations' new secrets included")
    func jsonEverywhere() throws {
        let tenant = try tenantWithAdmin()
        func json(_ arguments: [String]) throws -> JSONValue {
            let (status, output) = try run(arguments + ["--json"])
            #expect(status == 0, "\(arguments): \(output)")
            return try JSONValue.parse(output)
        }
        #expect(try json(["tenant", "show", tenant] + store)["id"] == .string(tenant))
        let key = try json(["key", "create", "--tenant", tenant, "--user", "ana", "--scopes", "data:read"] + store)
        let keyID = try #require(key["id"]?.stringValue)
        let rotated = try json(["key", "rotate", "--tenant", tenant, keyID, "--grace-hours", "1"] + store)
        #expect(rotated["key"]?.stringValue?.hasPrefix("ak_live_") == true && rotated["replaces"] == .string(keyID))
        #expect(try json(["key", "list", "--tenant", tenant] + store).arrayValue?.count == 2)
        #expect(try json(["key", "revoke", "--tenant", tenant, keyID] + store)["revoked"] == true)
        #expect(try json(["user", "list", "--tenant", tenant] + store).arrayValue?.first?["id"] == "ana")
        #expect(try json(["user", "set-role", "--tenant", tenant, "ana", "--role", "owner"] + store)["role"] == "owner")
        #expect(try json(["user", "disable", "--tenant", tenant, "ana"] + store)["status"] == "disabled")
        #expect(try json(["user", "enable", "--tenant", tenant, "ana"] + store)["status"] == "active")
        let agent = try json(["agent", "create", "--tenant", tenant, "--name", "bot"] + store)
        let agentID = try #require(agent["id"]?.stringValue)
        let rotatedAgent = try json(["agent", "rotate-key", "--tenant", tenant, agentID] + store)
        #expect(rotatedAgent["key"]?.stringValue?.hasPrefix("agk_live_") == true)
        #expect(try json(["agent", "delete", "--tenant", tenant, agentID] + store)["deleted"] == true)
        let platform = try json(["platform", "create", "--tenant", tenant] + store)
        #expect(platform["secret"]?.stringValue?.hasPrefix("sk_live_") == true)
        #expect(try json(["platform", "list", "--tenant", tenant] + store).arrayValue?.count == 1)
        #expect(try json(["app", "create", "--tenant", tenant, "--name", "Support"] + store)["name"] == "Support")
        #expect(try json(["audit", "secret"])["secret"]?.stringValue?.hasPrefix("whsec_") == true)
        #expect(try json(["deploy", "functions"]).arrayValue?.contains("oauth") == true)
        #expect(try json(["deploy", "render", "nginx-auth"])["path"] == "infra/nginx/gatehouse-auth.conf")
        #expect(try json(["openapi"])["openapi"] == "3.1.0")
        #expect(try json(["signing-keys", "generate"])["keys"]?.arrayValue?.count == 1)
    }

    @Test("lists print an aligned table for people and JSON with --json; neither shows a secret")
    func tables() throws {
        let tenant = try tenantWithAdmin()
        let (_, created) = try run(
            ["key", "create", "--tenant", tenant, "--user", "ana", "--name", "ci", "--json"] + store)
        let secret = try #require(try JSONValue.parse(created)["key"]?.stringValue)
        let (status, table) = try run(["key", "list", "--tenant", tenant] + store)
        #expect(status == 0)
        let lines = table.split(separator: "\n")
        #expect(lines.first?.hasPrefix("ID") == true && lines.first?.contains("PREFIX") == true, "\(table)")
        #expect(lines.count == 2 && lines[1].contains("ci") && !table.contains(secret), "\(table)")
        let (_, users) = try run(["user", "list", "--tenant", tenant] + store)
        #expect(users.hasPrefix("ID") && users.contains("ana") && users.contains("admin"), "\(users)")
    }

    @Test("bootstrap-demo for a second tenant gets phone numbers of its own and leaves nothing half-made")
    func secondDemoTenant() throws {
        let first = "demo-" + Base62.random(count: 6).lowercased()
        let second = "demo-" + Base62.random(count: 6).lowercased()
        let (one, firstOutput) = try run(["bootstrap-demo", "--tenant", first, "--json"] + store)
        #expect(one == 0, "\(firstOutput)")
        let (two, secondOutput) = try run(["bootstrap-demo", "--tenant", second, "--json"] + store)
        #expect(two == 0, "\(secondOutput)")
        let (_, firstUsers) = try run(["user", "list", "--tenant", first, "--json"] + store)
        let (_, secondUsers) = try run(["user", "list", "--tenant", second, "--json"] + store)
        let phones = try [firstUsers, secondUsers].flatMap { try JSONValue.parse($0).arrayValue ?? [] }
            .compactMap { $0["phone"]?.stringValue }
        #expect(phones.count == 4 && Set(phones).count == 4, "\(phones)")
    }
}
