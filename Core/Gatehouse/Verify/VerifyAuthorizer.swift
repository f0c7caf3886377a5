/// The verify function as an API Gateway HTTP API Lambda REQUEST authorizer (payload format 2.0,
/// simple responses; SPEC §4 verify). ``EventInput`` recognises the event, whichever transport
/// carries it (standard input or the Lambda runtime loop).
///
/// API Gateway invokes the authorizer with
/// `{"version":"2.0","type":"REQUEST","routeArn":…,"identitySource":[…],"headers":{…},"cookies":[…],
/// "requestContext":{"http":{"sourceIp":…},…},…}` and expects `{"isAuthorized": Bool, "context": {…}}`.
/// The event is answered by the verify route itself: it becomes `GET /v1/verify` with the event's
/// headers, cookies and source IP, so the authenticator, the per-principal and per-IP limits, the
/// audit record and fail-closed behaviour are exactly those of `/v1/verify`. The protected route's
/// own path, query string and body are not used (its query string is the protected API's, not
/// ours). Every answer other than 200 is `isAuthorized: false` (API Gateway then answers 403, or
/// 401 when an identity source is missing); a store that cannot be reached is a refusal too, never
/// a success.
public enum VerifyAuthorizer {
    /// Whether an event is an authorizer event of payload format 2.0: `version` `"2.0"`, `type`
    /// `"REQUEST"` and a `routeArn` (HTTP API v2 request events carry neither of the last two).
    public static func isAuthorizerEvent(_ event: JSONValue) -> Bool {
        event["version"]?.stringValue == "2.0" && event["type"]?.stringValue == "REQUEST"
            && event["routeArn"]?.stringValue != nil
    }

    /// The `GET /v1/verify` request an authorizer event stands for: its headers and cookies, and
    /// `requestContext.http.sourceIp` as the peer address. 400 when the event is malformed.
    public static func request(fromEvent event: JSONValue) throws(GatehouseError) -> APIRequest {
        var request = try EventTransport.request(event: event)
        request.method = "GET"
        request.path = "/v1/verify"
        request.rawQuery = ""
        request.body = []
        return request
    }

    /// The simple response for the verify route's answer: 200 → `isAuthorized: true` with the
    /// principal in `context` (`tenant`, `subject`, `subject_type`, `scopes` space-separated,
    /// `credential_type`, `is_test`, `legacy_mode`, and `app_id`, `key_id` when set; strings and
    /// booleans only, as API Gateway requires); anything else → `isAuthorized: false` with the
    /// status, error code and `WWW-Authenticate` challenge (`www_authenticate`) in `context` (API
    /// Gateway does not pass it on; a gateway response template may). Never a secret.
    public static func simpleResponse(for response: APIResponse) -> JSONValue {
        let body = (try? JSONValue.parse(response.body)) ?? .null
        guard response.status == 200, let tenant = body["tenant_id"]?.stringValue,
            let subject = body["subject"]?.stringValue
        else {
            var context: JSONObject = ["status": .integer(Int64(response.status))]
            if let code = body["error"]?["code"]?.stringValue { context["error"] = .string(code) }
            if let challenge = response.headers["WWW-Authenticate"] { context["www_authenticate"] = .string(challenge) }
            return ["isAuthorized": false, "context": .object(context)]
        }
        let scopes = body["effective_scopes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        var context: JSONObject = [
            "tenant": .string(tenant), "subject": .string(subject),
            "subject_type": .string(body["subject_type"]?.stringValue ?? ""),
            "scopes": .string(scopes.joined(separator: " ")),
            "credential_type": .string(body["credential_type"]?.stringValue ?? ""),
            "is_test": .bool(body["is_test"]?.boolValue ?? false),
            "legacy_mode": .bool(body["legacy_mode"]?.boolValue ?? false),
        ]
        if let app = body["app_id"]?.stringValue { context["app_id"] = .string(app) }
        if let key = body["key_id"]?.stringValue { context["key_id"] = .string(key) }
        return ["isAuthorized": true, "context": .object(context)]
    }

}
