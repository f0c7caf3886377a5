import Foundation
import GatehouseCore
import Testing

@Suite("keys function: API keys, users, apps, owners and agents against a real Redis")
struct KeyRoutesTests {
    @Test("POST /v1/api_keys answers seed 003's shape, and the key works at once")
    func createKey() throws {
        let fixture = try GatehouseFixture()
        let response = try fixture.call(
            "POST", "/v1/api_keys", key: fixture.ownerKey.text,
            json: #"{"name":"My integration","scopes":["data:read","pages:read","pages:write"]}"#)
        #expect(response.status == 201)
        #expect(
            response.json.objectValue?.names == [
                "id", "key", "key_prefix", "name", "scopes", "scope_mode", "created_at", "expires_at", "is_test",
            ])
        #expect(response.json["scope_mode"] == "strict" && response.json["is_test"] == false)
        #expect(response.json["scopes"] == ["data:read", "pages:read", "pages:write"])
        let key = try #require(response.json["key"]?.stringValue)
        #expect(key.hasPrefix("ak_live_") && response.json["key_prefix"] == .string(String(key.prefix(14))))
        let verify = try fixture.call("GET", "/v1/verify", key: key)
        #expect(verify.status == 200)
        #expect(verify.json["effective_scopes"] == ["data:read", "pages:read", "pages:write"])
        #expect(verify.json["key_id"] == response.json["id"])
    }

    @Test("scope escalation on create: 403 forbidden naming the missing scope")
    func escalation() throws {
        let fixture = try GatehouseFixture()
        let (_, narrow) = try fixture.makeKey(by: "admin", scopes: "data:read keys:manage")
        let response = try fixture.call(
            "POST", "/v1/api_keys", key: narrow.text, json: #"{"name":"x","scopes":["data:read","data:write"]}"#)
        #expect(response.status == 403)
        #expect(response.errorCode == "forbidden")
        #expect(response.json["error"]?["details"]?["missing_scope"] == "data:write")
        let viewer = try fixture.makeKey(by: "viewer").1
        let denied = try fixture.call(
            "POST", "/v1/api_keys", key: viewer.text, json: #"{"name":"x","scopes":["data:read"]}"#)
        #expect(denied.status == 403 && denied.json["error"]?["details"]?["missing_scope"] == "keys:manage")
    }

    @Test("bad input: 422 for fields, 415 without JSON, 401 without a credential")
    func badInput() throws {
        let fixture = try GatehouseFixture()
        let key = fixture.ownerKey.text
        #expect(try fixture.call("POST", "/v1/api_keys", key: key, json: #"{"scopes":["data:read"]}"#).status == 422)
        #expect(
            try fixture.call("POST", "/v1/api_keys", key: key, json: #"{"name":"x","scopes":"nope nope"}"#).status
                == 422)
        #expect(
            try fixture.call("POST", "/v1/api_keys", key: key, json: #"{"name":"x","scopes":["a:b"],"app_id":"ghost"}"#)
                .status == 422)
        let noJSON = try fixture.call("POST", "/v1/api_keys", key: key, headers: ["Content-Type": "text/plain"])
        #expect(noJSON.status == 415)
        let anonymous = try fixture.call("GET", "/v1/api_keys")
        #expect(anonymous.status == 401 && anonymous.json["error"]?["message"] == "Invalid or missing API key")
    }

    @Test("GET lists and reads keys without secrets; another tenant's key id is 404")
    func listAndRead() throws {
        let fixture = try GatehouseFixture()
        let other = try GatehouseFixture()
        let (record, secret) = try fixture.makeKey(scopes: "data:read")
        let list = try fixture.call("GET", "/v1/api_keys", key: fixture.ownerKey.text)
        #expect(list.status == 200)
        let text = String(decoding: list.body, as: UTF8.self)
        #expect(text.contains(record.id) && !text.contains(secret.text) && !text.contains(secret.hashHex))
        #expect(
            try fixture.call("GET", "/v1/api_keys/\(record.id)", key: fixture.ownerKey.text).json["id"]
                == .string(record.id))
        let foreign = try other.call("GET", "/v1/api_keys/\(record.id)", key: other.ownerKey.text)
        #expect(foreign.status == 404 && foreign.errorCode == "not_found")
        #expect(try other.call("DELETE", "/v1/api_keys/\(record.id)", key: other.ownerKey.text).status == 404)
    }

    @Test("revoke then use: 401 at once; revoking the current key is 409 cannot_revoke_current_key")
    func revoke() throws {
        let fixture = try GatehouseFixture()
        let (record, secret) = try fixture.makeKey(scopes: "data:read")
        #expect(try fixture.call("GET", "/v1/verify", key: secret.text).status == 200)
        let revoked = try fixture.call("DELETE", "/v1/api_keys/\(record.id)", key: fixture.ownerKey.text)
        #expect(revoked.status == 200 && revoked.json["revoked_at"] != nil)
        #expect(try fixture.call("GET", "/v1/verify", key: secret.text).status == 401)
        let own = try fixture.call("DELETE", "/v1/api_keys/\(fixture.ownerKeyRecord.id)", key: fixture.ownerKey.text)
        #expect(own.status == 409 && own.errorCode == "cannot_revoke_current_key")
        #expect(try fixture.call("GET", "/v1/verify", key: fixture.ownerKey.text).status == 200)
    }

    @Test("app-scoped keys: the bound app only (403 app_mismatch); tenant-scoped keys choose with X-App-Id")
    func apps() throws {
        let fixture = try GatehouseFixture()
        let key = fixture.ownerKey.text
        #expect(
            try fixture.call("POST", "/v1/apps", key: key, json: #"{"id":"support","name":"Support"}"#).status == 201)
        #expect(try fixture.call("POST", "/v1/apps", key: key, json: #"{"id":"support","name":"Again"}"#).status == 409)
        let created = try fixture.call(
            "POST", "/v1/api_keys", key: key, json: #"{"name":"bot","scopes":["data:read"],"app_id":"support"}"#)
        #expect(created.status == 201 && created.json["app_id"] == "support")
        let bound = try #require(created.json["key"]?.stringValue)
        let mismatch = try fixture.call("GET", "/v1/verify", key: bound, headers: ["X-App-Id": "billing"])
        #expect(mismatch.status == 403 && mismatch.errorCode == "app_mismatch")
        let same = try fixture.call("GET", "/v1/verify", key: bound, headers: ["X-App-Id": "support"])
        #expect(same.status == 200 && same.json["app_id"] == "support")
        let chosen = try fixture.call("GET", "/v1/verify", key: key, headers: ["X-App-Id": "billing"])
        #expect(chosen.status == 200 && chosen.json["app_id"] == "billing")
    }

    @Test("users: create, list, change role, disable (keys stop at once); no role above the caller's")
    func users() throws {
        let fixture = try GatehouseFixture()
        let (_, adminKey) = try fixture.makeKey(by: "admin")
        let created = try fixture.call(
            "POST", "/v1/users", key: adminKey.text,
            json: #"{"id":"cleo","role":"editor","phone":"+1556"# + String(Int.random(in: 1_000_000...9_999_999))
                + #""}"#)
        #expect(created.status == 201 && created.json["role"] == "editor")
        let owner = try fixture.call("POST", "/v1/users", key: adminKey.text, json: #"{"id":"boss","role":"owner"}"#)
        #expect(owner.status == 403)
        #expect(try fixture.call("POST", "/v1/users", key: adminKey.text, json: #"{"role":"emperor"}"#).status == 422)
        #expect(
            try fixture.call("POST", "/v1/users", key: adminKey.text, json: #"{"role":"viewer","phone":"12"}"#).status
                == 422)
        let list = try fixture.call("GET", "/v1/users", key: adminKey.text)
        #expect(list.json["data"]?.arrayValue?.count == 5)

        let (_, cleoKey) = try fixture.store.createAPIKey(
            tenant: fixture.tenant, createdBy: "cleo", name: "c", scopes: ScopeSet(parsing: "*")!)
        #expect(
            try fixture.call("GET", "/v1/verify", key: cleoKey.text).json["effective_scopes"] == ["*:read", "*:write"])
        let demoted = try fixture.call("PATCH", "/v1/users/cleo", key: adminKey.text, json: #"{"role":"viewer"}"#)
        #expect(demoted.status == 200 && demoted.json["role"] == "viewer")
        #expect(try fixture.call("GET", "/v1/verify", key: cleoKey.text).json["effective_scopes"] == ["*:read"])
        let disabled = try fixture.call("DELETE", "/v1/users/cleo", key: adminKey.text)
        #expect(disabled.status == 200 && disabled.json["status"] == "disabled")
        #expect(try fixture.call("GET", "/v1/verify", key: cleoKey.text).status == 401)
        #expect(
            try fixture.call("PATCH", "/v1/users/owner", key: adminKey.text, json: #"{"status":"disabled"}"#).status
                == 403)
        #expect(try fixture.call("GET", "/v1/users/nobody", key: adminKey.text).status == 404)
    }

    @Test("PATCH refuses to disable the caller or change the caller's role (409), as DELETE refuses to disable them")
    func noSelfLockout() throws {
        let fixture = try GatehouseFixture()
        let key = fixture.ownerKey.text
        let disable = try fixture.call("PATCH", "/v1/users/owner", key: key, json: #"{"status":"disabled"}"#)
        #expect(disable.status == 409 && disable.errorCode == "cannot_disable_current_user")
        let demote = try fixture.call("PATCH", "/v1/users/owner", key: key, json: #"{"role":"viewer"}"#)
        #expect(demote.status == 409 && demote.errorCode == "cannot_change_own_role")
        let owner = try fixture.call("GET", "/v1/users/owner", key: key)
        #expect(owner.json["status"] == "active" && owner.json["role"] == "owner", "nothing was written")
        #expect(try fixture.call("GET", "/v1/verify", key: key).status == 200)
        let same = try fixture.call("PATCH", "/v1/users/owner", key: key, json: #"{"role":"owner","status":"active"}"#)
        #expect(same.status == 200, "restating one's own role and status changes nothing and is fine")
        let other = try fixture.call("PATCH", "/v1/users/viewer", key: key, json: #"{"status":"disabled"}"#)
        #expect(other.status == 200 && other.json["status"] == "disabled")
    }

    @Test("platform credentials create owners and agents; agent keys see only their own agent (404 otherwise)")
    func platformAndAgents() throws {
        let fixture = try GatehouseFixture()
        let (platform, secret) = try fixture.store.createPlatformCredential(tenant: fixture.tenant, name: "platform")
        let platformHeaders = ["x-platform-id": platform.id, "x-platform-secret": secret.text]
        let owner = try fixture.call(
            "POST", "/v1/owners", headers: platformHeaders, json: #"{"id":"olga","phone":"+15555550999"}"#)
        #expect(owner.status == 201 && owner.json["role"] == "owner")
        let wrongID = ["x-platform-id": "plt_other", "x-platform-secret": secret.text]
        #expect(try fixture.call("POST", "/v1/owners", headers: wrongID, json: "{}").status == 401)

        let first = try fixture.call(
            "POST", "/v1/agents", headers: platformHeaders, json: #"{"name":"a1","owner_id":"olga"}"#)
        let second = try fixture.call("POST", "/v1/agents", headers: platformHeaders, json: #"{"name":"a2"}"#)
        #expect(first.status == 201 && second.status == 201)
        let firstKey = try #require(first.json["key"]?.stringValue)
        let firstID = try #require(first.json["id"]?.stringValue)
        let secondID = try #require(second.json["id"]?.stringValue)
        #expect(firstKey.hasPrefix("agk_live_"))
        let agentHeaders = ["x-agent-key": firstKey]
        let own = try fixture.call("GET", "/v1/agents/\(firstID)", headers: agentHeaders)
        #expect(own.status == 200 && own.json["key"] == nil && own.json["owner_id"] == "olga")
        let foreign = try fixture.call("GET", "/v1/agents/\(secondID)", headers: agentHeaders)
        #expect(foreign.status == 404)
        #expect(try fixture.call("POST", "/v1/agents", headers: agentHeaders, json: #"{"name":"x"}"#).status == 403)
        #expect(try fixture.call("POST", "/v1/owners", headers: agentHeaders, json: "{}").status == 403)
        let verified = try fixture.call("GET", "/v1/verify", headers: agentHeaders)
        #expect(verified.json["subject_type"] == "agent" && verified.json["credential_type"] == "agent_key")
        #expect(try fixture.call("DELETE", "/v1/agents/\(firstID)", headers: platformHeaders).status == 204)
        #expect(try fixture.call("GET", "/v1/verify", headers: agentHeaders).status == 401)
        #expect(try fixture.call("GET", "/v1/agents/\(firstID)", headers: platformHeaders).status == 404)
    }

    @Test("test keys see test data only and cannot mint live keys")
    func testMode() throws {
        let fixture = try GatehouseFixture()
        let (_, testKey) = try fixture.makeKey(test: true)
        let list = try fixture.call("GET", "/v1/api_keys", key: testKey.text)
        #expect(list.json["data"]?.arrayValue?.allSatisfy { $0["is_test"] == true } == true)
        #expect(try fixture.call("GET", "/v1/api_keys/\(fixture.ownerKeyRecord.id)", key: testKey.text).status == 404)
        let live = try fixture.call(
            "POST", "/v1/api_keys", key: testKey.text, json: #"{"name":"x","scopes":["a:b"],"is_test":false}"#)
        #expect(live.status == 403)
        let created = try fixture.call(
            "POST", "/v1/api_keys", key: testKey.text, json: #"{"name":"x","scopes":["a:b"]}"#)
        #expect(created.status == 201 && created.json["key"]?.stringValue?.hasPrefix("ak_test_") == true)
    }
}
