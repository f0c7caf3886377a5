import Foundation
import GatehouseCore
import Testing

@Suite("rotate function against a real Redis")
struct RotateRoutesTests {
    @Test("rotation with a grace period: the old key works until just before the grace ends, not at its end")
    func graceEdges() throws {
        let fixture = try GatehouseFixture()
        let clock = TestClock()
        let (record, old) = try fixture.makeKey(scopes: "data:read pages:write")
        let rotated = try fixture.call(
            "POST", "/v1/api_keys/\(record.id)/rotate", key: fixture.ownerKey.text, json: #"{"grace_period_hours":24}"#,
            clock: clock)
        #expect(rotated.status == 201)
        #expect(
            rotated.json["scopes"] == ["data:read", "pages:write"] && rotated.json["rotated_from"] == .string(record.id)
        )
        let new = try #require(rotated.json["key"]?.stringValue)
        #expect(new != old.text)
        let graceEnd = clock.now + 24 * 3_600_000
        #expect(rotated.json["old_key_expires_at"] == .string(Timestamp.iso8601(milliseconds: graceEnd)))
        clock.set(graceEnd - 1)
        #expect(try fixture.call("GET", "/v1/verify", key: old.text, clock: clock).status == 200)
        #expect(try fixture.call("GET", "/v1/verify", key: new, clock: clock).status == 200)
        clock.set(graceEnd)
        #expect(try fixture.call("GET", "/v1/verify", key: old.text, clock: clock).status == 401)
        #expect(try fixture.call("GET", "/v1/verify", key: new, clock: clock).status == 200)
    }

    @Test("grace 0 revokes at once; out-of-range grace is 422; unknown or foreign key is 404")
    func graceBounds() throws {
        let fixture = try GatehouseFixture()
        let other = try GatehouseFixture()
        let (record, old) = try fixture.makeKey()
        for bad in ["-1", "169", "\"1\"", "1.5"] {
            let response = try fixture.call(
                "POST", "/v1/api_keys/\(record.id)/rotate", key: fixture.ownerKey.text,
                json: #"{"grace_period_hours":\#(bad)}"#)
            #expect(response.status == 422 || response.status == 400, "grace \(bad)")
        }
        #expect(
            try other.call("POST", "/v1/api_keys/\(record.id)/rotate", key: other.ownerKey.text, json: "{}").status
                == 404)
        let now = try fixture.call(
            "POST", "/v1/api_keys/\(record.id)/rotate", key: fixture.ownerKey.text, json: #"{"grace_period_hours":0}"#)
        #expect(now.status == 201)
        #expect(try fixture.call("GET", "/v1/verify", key: old.text).status == 401)
    }

    @Test("seed 004 slots: regenerating primary stops only the previous primary; secondary keeps working")
    func slots() throws {
        let fixture = try GatehouseFixture()
        let key = fixture.ownerKey.text
        let path = { (slot: String) in "/v1/tenants/\(fixture.tenant)/api_keys/\(slot)/regenerate" }
        let primary1 = try fixture.call("POST", path("primary"), key: key)
        let secondary = try fixture.call("POST", path("secondary"), key: key)
        #expect(primary1.status == 201 && secondary.status == 201 && primary1.json["slot"] == "primary")
        let p1 = try #require(primary1.json["key"]?.stringValue)
        let s1 = try #require(secondary.json["key"]?.stringValue)
        let primary2 = try fixture.call("POST", path("primary"), key: key)
        let p2 = try #require(primary2.json["key"]?.stringValue)
        #expect(try fixture.call("GET", "/v1/verify", headers: ["X-API-Key": p1]).status == 401)
        #expect(try fixture.call("GET", "/v1/verify", headers: ["X-API-Key": p2]).status == 200)
        #expect(try fixture.call("GET", "/v1/verify", headers: ["X-API-Key": s1]).status == 200)
        let slots = try fixture.call("GET", "/v1/tenants/\(fixture.tenant)/api_keys", key: key)
        #expect(
            slots.json["primary"]?["id"] == primary2.json["id"]
                && slots.json["secondary"]?["id"] == secondary.json["id"])
        #expect(try fixture.call("POST", path("tertiary"), key: key).status == 422)
        let other = try GatehouseFixture()
        #expect(try other.call("POST", path("primary"), key: other.ownerKey.text).status == 404)
        // The seed's own header shape signs in with the slot key too.
        #expect(
            try fixture.send(SigninRequest.seed004(tenant: fixture.tenant, key: p2, userID: "viewer")).status == 200)
    }

    @Test("agent key rotation: the new key works, the old stops; another agent cannot rotate it (404)")
    func agentRotation() throws {
        let fixture = try GatehouseFixture()
        let (a1, k1) = try fixture.store.createAgent(
            tenant: fixture.tenant, name: "a1", ownerID: nil, scopes: ScopeSet(parsing: "data:read")!)
        let (_, k2) = try fixture.store.createAgent(
            tenant: fixture.tenant, name: "a2", ownerID: nil, scopes: ScopeSet(parsing: "data:read")!)
        #expect(
            try fixture.call("POST", "/v1/agents/\(a1.id)/rotate-keys", headers: ["x-agent-key": k2.text]).status == 404
        )
        let rotated = try fixture.call("POST", "/v1/agents/\(a1.id)/rotate-keys", headers: ["x-agent-key": k1.text])
        #expect(rotated.status == 201)
        let new = try #require(rotated.json["key"]?.stringValue)
        #expect(try fixture.call("GET", "/v1/verify", headers: ["x-agent-key": k1.text]).status == 401)
        #expect(try fixture.call("GET", "/v1/verify", headers: ["x-agent-key": new]).status == 200)
        let byOwner = try fixture.call("POST", "/v1/agents/\(a1.id)/rotate-keys", key: fixture.ownerKey.text)
        #expect(byOwner.status == 201)
        let (_, viewerKey) = try fixture.makeKey(by: "viewer")
        #expect(try fixture.call("POST", "/v1/agents/\(a1.id)/rotate-keys", key: viewerKey.text).status == 403)
    }
}
