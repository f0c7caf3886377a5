/// Reading request bodies with the checks of SPEC §6: the media type must match (415), the body
/// must parse (400), and its size was already bounded by the transport (413).
public enum RequestBody {
    /// The body as a JSON object; requires `Content-Type: application/json`, or (SPEC §6, so the
    /// seeds' `curl -d '{…}'` examples work verbatim) `application/x-www-form-urlencoded` with a
    /// body that is a JSON object on a request that authenticates with a header credential, which
    /// a browser cannot send cross-site. Cookie-authenticated requests stay strict.
    public static func jsonObject(_ request: APIRequest) throws -> JSONObject {
        guard let type = request.mediaType,
            type == "application/json" || type.hasSuffix("+json") || isCurlJSON(request, type: type)
        else {
            throw GatehouseError.unsupportedMediaType(expected: "application/json")
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(request.body)
        } catch {
            throw GatehouseError.invalidRequest("The body is not valid JSON", details: ["problem": .string("\(error)")])
        }
        guard let object = value.objectValue else {
            throw GatehouseError.invalidRequest("The body must be a JSON object")
        }
        return object
    }

    /// Header names that carry a credential a cross-site browser request cannot set.
    static let credentialHeaders = ["authorization", "x-api-key", "x-agent-key", "x-platform-id", "x-platform-secret"]

    /// Whether a form-typed request is really curl's default type over a JSON object, sent with a
    /// header credential.
    static func isCurlJSON(_ request: APIRequest, type: String) -> Bool {
        guard type == "application/x-www-form-urlencoded",
            credentialHeaders.contains(where: { request.headers[$0] != nil })
        else { return false }
        return request.body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "{")
    }

    /// The body as form fields; requires `Content-Type: application/x-www-form-urlencoded`.
    public static func form(_ request: APIRequest) throws -> [(name: String, value: String)] {
        guard request.mediaType == "application/x-www-form-urlencoded" else {
            throw GatehouseError.unsupportedMediaType(expected: "application/x-www-form-urlencoded")
        }
        guard let text = String(validating: request.body, as: UTF8.self), let pairs = FormURLEncoded.decode(text) else {
            throw GatehouseError.invalidRequest("The body is not valid form encoding")
        }
        return pairs
    }
}
