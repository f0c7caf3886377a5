/// Reading request bodies with the checks of SPEC §6: the media type must match (415), the body
/// must parse (400), and its size was already bounded by the transport (413).
public enum RequestBody {
    /// The body as a JSON object; requires `Content-Type: application/json`.
    public static func jsonObject(_ request: Request) throws -> JSONObject {
        guard let type = request.mediaType, type == "application/json" || type.hasSuffix("+json") else {
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

    /// The body as form fields; requires `Content-Type: application/x-www-form-urlencoded`.
    public static func form(_ request: Request) throws -> [(name: String, value: String)] {
        guard request.mediaType == "application/x-www-form-urlencoded" else {
            throw GatehouseError.unsupportedMediaType(expected: "application/x-www-form-urlencoded")
        }
        guard let text = String(validating: request.body, as: UTF8.self), let pairs = FormURLEncoded.decode(text) else {
            throw GatehouseError.invalidRequest("The body is not valid form encoding")
        }
        return pairs
    }
}
