import GatehouseCore
import HTTPTypes
import Hummingbird
import NIOCore

/// Converts between Hummingbird's HTTP types and Gatehouse's transport-neutral ones.
enum RequestBridge {
    /// The Gatehouse request for a Hummingbird request; the body is read up to one byte past the
    /// limit so that an oversized body is answered 413 by the application.
    static func request(
        from request: Request, context: ServerRequestContext
    ) async throws
        -> APIRequest
    {
        var request = request
        let limit = RequestLimits.body
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit + 1)
        } catch {
            return APIRequest(
                method: request.method.rawValue, path: request.uri.path,
                body: [UInt8](repeating: 0, count: limit + 1))
        }
        var headers = HeaderFields()
        for field in request.headers { headers.add(field.name.canonicalName, field.value) }
        return APIRequest(
            method: request.method.rawValue, path: request.uri.path, rawQuery: request.uri.query ?? "",
            headers: headers,
            body: Array(buffer.readableBytesView), remoteAddress: context.remoteAddress)
    }

    /// The Hummingbird response for a Gatehouse response.
    static func response(from response: APIResponse) -> Response {
        var fields = HTTPFields()
        for field in response.headers where !field.name.isEmpty {
            if let name = HTTPField.Name(field.name) { fields.append(HTTPField(name: name, value: field.value)) }
        }
        return Response(
            status: .init(code: response.status), headers: fields,
            body: .init(byteBuffer: ByteBuffer(bytes: response.body)))
    }
}
