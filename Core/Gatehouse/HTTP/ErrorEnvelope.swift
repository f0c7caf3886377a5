/// The one place where a ``GatehouseError`` becomes a response body.
public enum ErrorEnvelope {
    /// The response for an error, in the style of the route that failed.
    public static func response(
        for error: GatehouseError, requestID: String, style: ErrorStyle = .gatehouse
    )
        -> APIResponse
    {
        var headers = error.headers
        switch style {
        case .gatehouse:
            var body: JSONObject = ["code": .string(error.code), "message": .string(error.message)]
            if let details = error.details, !details.isEmpty { body["details"] = .object(details) }
            body["request_id"] = .string(requestID)
            headers.set("Cache-Control", "no-store")
            return .json(error.status, ["error": .object(body)], headers: headers)
        case .oauth:
            let status = error.status == 401 && error.oauthCode == "invalid_grant" ? 400 : error.status
            let body: JSONObject = [
                "error": .string(error.oauthCode ?? Self.oauthCode(forStatus: error.status)),
                "error_description": .string(error.message),
            ]
            headers.set("Cache-Control", "no-store")
            headers.set("Pragma", "no-cache")
            return .json(status, .object(body), headers: headers)
        case .page(let signInPath):
            return page(error, requestID: requestID, signInPath: signInPath, headers: headers)
        }
    }

    /// An error as a page: no session (401) goes to sign in, anything else is the error page with
    /// the error's headers (`Retry-After`, `Allow`).
    private static func page(
        _ error: GatehouseError, requestID: String, signInPath: String, headers: HeaderFields
    ) -> APIResponse {
        if error.status == 401 {
            var response = APIResponse(status: 303, headers: HTMLPage.securityHeaders(formTarget: nil))
            response.headers.set("Location", signInPath)
            return response
        }
        var response = HTMLPage.error(status: error.status, message: error.message, requestID: requestID)
        for field in headers { response.headers.set(field.name, field.value) }
        return response
    }

    private static func oauthCode(forStatus status: Int) -> String {
        switch status {
        case 400, 404, 405, 413, 415, 422: "invalid_request"
        case 401: "invalid_client"
        case 403: "access_denied"
        case 429: "slow_down"
        case 503: "temporarily_unavailable"
        default: "server_error"
        }
    }
}
