/// CGI/1.1 (RFC 3875): the request from the environment and standard input, the response on
/// standard output with a `Status:` line.
public enum CGITransport {
    /// The request a CGI environment describes. `readBody(count)` reads exactly `count` bytes of
    /// standard input (or, for nil, everything up to `limit + 1` bytes).
    ///
    /// `HTTP_PROXY` is never read (httpoxy): a `Proxy:` request header never becomes anything.
    public static func request(
        environment: [String: String], readBody: (_ count: Int?, _ limit: Int) -> [UInt8]?
    ) throws(GatehouseError) -> APIRequest {
        guard let method = environment["REQUEST_METHOD"], !method.isEmpty else {
            throw GatehouseError(
                status: 500, code: "internal_error", message: "The CGI environment has no REQUEST_METHOD")
        }
        var headers = HeaderFields(environment: environment, prefix: "HTTP_") { $0 != "HTTP_PROXY" }
        if !headers.contains("authorization"), let forwarded = environment["REDIRECT_HTTP_AUTHORIZATION"],
            !forwarded.isEmpty
        {
            headers.add("authorization", forwarded)
        }
        if let type = environment["CONTENT_TYPE"], !type.isEmpty { headers.set("content-type", type) }

        var body: [UInt8] = []
        if let lengthText = environment["CONTENT_LENGTH"], !lengthText.isEmpty {
            guard lengthText.utf8.allSatisfy({ (0x30...0x39).contains($0) }), lengthText.utf8.count <= 12,
                let length = Int(lengthText)
            else { throw GatehouseError.invalidRequest("CONTENT_LENGTH is not a number") }
            body = try StandardInputBody.read(declaredLength: length, lengthName: "CONTENT_LENGTH", readBody)
            headers.set("content-length", lengthText)
        } else if environment["HTTP_TRANSFER_ENCODING"]?.asciiLowercased.contains("chunked") == true {
            body = try StandardInputBody.read(declaredLength: nil, lengthName: "CONTENT_LENGTH", readBody)
        }

        return APIRequest(
            method: method, path: path(environment), rawQuery: environment["QUERY_STRING"] ?? "", headers: headers,
            body: body, remoteAddress: environment["REMOTE_ADDR"])
    }

    /// The request path: `REQUEST_URI` without the query (and without `SCRIPT_NAME` when the
    /// script is mounted under a prefix), else `PATH_INFO`.
    static func path(_ environment: [String: String]) -> String {
        if let uri = environment["REQUEST_URI"], !uri.isEmpty {
            var path = uri[..<(uri.utf8.firstIndex(of: UInt8(ascii: "?")) ?? uri.endIndex)]
            if let script = environment["SCRIPT_NAME"], script.count > 1, path.hasPrefix(script) {
                let rest = path.dropFirst(script.count)
                if rest.isEmpty || rest.hasPrefix("/") { path = rest }
            }
            return path.isEmpty ? "/" : String(path)
        }
        let info = environment["PATH_INFO"] ?? ""
        return info.isEmpty ? "/" : info
    }

    /// The CGI response: `Status:`, the headers, a blank line, the body.
    public static func render(_ response: APIResponse) -> [UInt8] {
        var head = "Status: \(response.status) \(response.reasonPhrase)\r\n"
        for field in response.headers where !field.name.isEqualIgnoringASCIICase("content-length") {
            head += "\(field.name): \(field.value)\r\n"
        }
        head += "Content-Length: \(response.body.count)\r\n\r\n"
        return Array(head.utf8) + response.body
    }
}

extension CGITransport {
    /// Reads a CGI program's output back into a response (RFC 3875 §6): header lines up to a
    /// blank line, `Status:` giving the status (200 when absent), then the body. Nil when the
    /// output has no header block.
    public static func parseResponse(_ output: [UInt8]) -> APIResponse? {
        var index = 0
        var headers = HeaderFields()
        var status = 200
        while index < output.count {
            guard let end = output[index...].firstIndex(of: 0x0A) else { return nil }
            var line = output[index..<end]
            if line.last == 0x0D { line = line.dropLast() }
            index = end + 1
            if line.isEmpty { return APIResponse(status: status, headers: headers, body: Array(output[index...])) }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return nil }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingASCIIWhitespace()
            if name.isEqualIgnoringASCIICase("status") {
                guard let code = value.split(separator: " ").first.flatMap({ Int($0) }) else { return nil }
                status = code
            } else {
                headers.add(name, value)
            }
        }
        return nil
    }
}

extension String {
    /// The string with `_` turned into `-`, as CGI header variable names need.
    func replacingUnderscores() -> String {
        String(decoding: utf8.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: "-") : $0 }, as: UTF8.self)
    }
}

extension HeaderFields {
    /// The request headers a gateway passed as `prefix`-named environment variables (CGI's
    /// `HTTP_ACCEPT`, the watchdog's `Http_Accept`), those `isHeader` keeps, in variable-name order,
    /// each named in lower case with `_` as `-`. Only the header variables are sorted, not the
    /// whole environment (some thirty variables at every start).
    init(environment: [String: String], prefix: String, where isHeader: (String) -> Bool) {
        var named: [(key: String, value: String)] = []
        for variable in environment where variable.key.hasPrefix(prefix) && isHeader(variable.key) {
            named.append(variable)
        }
        named.sort { $0.key < $1.key }
        self.init()
        for (name, value) in named {
            add(String(name.dropFirst(prefix.utf8.count)).replacingUnderscores().asciiLowercased, value)
        }
    }
}

extension CGITransport {
    /// The CGI/1.1 environment a web server gives a script for a request (RFC 3875 §4.1), as the
    /// local server and the tests use to run function executables exactly as a web server would.
    /// A `Proxy` request header is not passed on (httpoxy).
    public static func environment(
        for request: APIRequest, serverName: String = "127.0.0.1", serverPort: Int = 8080, base: [String: String] = [:]
    ) -> [String: String] {
        var environment = base
        environment["GATEWAY_INTERFACE"] = "CGI/1.1"
        environment["SERVER_PROTOCOL"] = "HTTP/1.1"
        environment["SERVER_SOFTWARE"] = "gatehouse-server"
        environment["SERVER_NAME"] = serverName
        environment["SERVER_PORT"] = String(serverPort)
        environment["REQUEST_METHOD"] = request.method
        environment["SCRIPT_NAME"] = ""
        environment["PATH_INFO"] = FormURLEncoded.percentDecode(request.path, plusAsSpace: false) ?? request.path
        environment["REQUEST_URI"] = request.rawQuery.isEmpty ? request.path : request.path + "?" + request.rawQuery
        environment["QUERY_STRING"] = request.rawQuery
        environment["REMOTE_ADDR"] = request.remoteAddress ?? "127.0.0.1"
        if !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method) {
            environment["CONTENT_LENGTH"] = String(request.body.count)
        }
        for field in request.headers {
            let name = field.name.asciiLowercased
            switch name {
            case "content-type": environment["CONTENT_TYPE"] = field.value
            case "content-length", "proxy", "connection", "transfer-encoding": continue
            default:
                let variable =
                    "HTTP_"
                    + String(
                        decoding: name.utf8.map {
                            $0 == UInt8(ascii: "-") ? UInt8(ascii: "_") : ($0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0)
                        }, as: UTF8.self)
                environment[variable] = environment[variable].map { $0 + ", " + field.value } ?? field.value
            }
        }
        return environment
    }
}
