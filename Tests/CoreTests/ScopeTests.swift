import GatehouseCore
import Testing

@Suite("scopes and roles")
struct ScopeTests {
    @Test("role defaults follow SPEC §2")
    func roleDefaults() {
        #expect(Role.viewer.defaultScopes.description == "*:read")
        #expect(Role.editor.defaultScopes.description == "*:read *:write")
        // `audit:read` is one of the admin's defaults and is not covered by `*:read` (SPEC §2).
        #expect(Role.admin.defaultScopes.description == "*:read *:write audit:read keys:manage users:manage")
        #expect(Role.admin.defaultScopes.allows(Scope("audit:read")!))
        #expect(!Role.viewer.defaultScopes.allows(Scope("audit:read")!))
        #expect(!Role.editor.defaultScopes.allows(Scope("audit:read")!))
        #expect(Role.owner.defaultScopes.description == "*")
        #expect(Role.viewer < .editor && .editor < .admin && .admin < .owner)
    }

    @Test(
        "intersection keeps only what both allow",
        arguments: [
            ("*", "*:read", "*:read"),
            ("data:read keys:manage", "*:read", "data:read"),
            ("*:read", "data:*", "data:read"),
            ("data:write", "*:read", ""),
            ("keys:manage audit:read", "*:read *:write audit:read keys:manage users:manage", "audit:read keys:manage"),
            ("*:*", "*", "*"),
            ("audit:read", "*:read", ""),
            ("audit:*", "*:read", ""),
            ("audit:read data:read", "*", "audit:read data:read"),
        ])
    func intersection(lhs: String, rhs: String, expected: String) throws {
        let result = try #require(ScopeSet(parsing: lhs)).intersection(try #require(ScopeSet(parsing: rhs)))
        #expect(result.description == expected)
    }

    @Test("coverage and missing scopes")
    func coverage() throws {
        let admin = Role.admin.defaultScopes
        #expect(admin.covers(try #require(ScopeSet(parsing: "data:read keys:manage"))))
        #expect(
            admin.missing(from: try #require(ScopeSet(parsing: "billing:delete data:read"))).map(\.description)
                == ["billing:delete"])
    }

    @Test(
        "invalid scopes are refused", arguments: ["data", "Data:read", "data:read:x", ":read", "data:", "da ta:read"])
    func invalid(text: String) {
        #expect(Scope(text) == nil)
    }
}
