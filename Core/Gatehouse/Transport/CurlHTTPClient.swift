import CCurl

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small blocking HTTP/1.1 client over libcurl, for Gatehouse's outbound calls (the Lambda
/// Runtime API; later OTP delivery and audit forwarding). The only file in Core that talks to
/// libcurl.
///
/// libcurl is not linked: it is loaded with `dlopen` when the first client is made, so the CGI
/// and event paths, which never call out, do not pay for loading it and its ~35 dependencies at
/// every start. One client keeps one connection open between requests (keep-alive) and is used
/// from one thread at a time.
public final class CurlHTTPClient {
    /// What the server answered.
    public struct Reply: Sendable {
        /// The HTTP status code.
        public var status: Int
        /// The response header fields, names as sent.
        public var headers: HeaderFields
        /// The response body.
        public var body: [UInt8]
    }

    /// Why an exchange produced no reply. The description never holds a request or response body.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        /// What went wrong, for logs.
        public let description: String
        /// True when libcurl itself could not be loaded (nothing will ever work).
        public let isLibraryMissing: Bool

        init(_ description: String, libraryMissing: Bool = false) {
            self.description = description
            isLibraryMissing = libraryMissing
        }
    }

    private let library: CurlLibrary
    private let handle: UnsafeMutableRawPointer

    /// A client; loads libcurl on first use.
    public init() throws(Failure) {
        library = try CurlLibrary.shared()
        guard let handle = library.easyInit() else { throw Failure("curl_easy_init failed") }
        self.handle = handle
    }

    deinit { library.easyCleanup(handle) }

    /// Sends one request and waits for the whole reply.
    ///
    /// - Parameters:
    ///   - method: `GET` or `POST` (with `body`).
    ///   - url: an `http://` or `https://` URL.
    ///   - headers: request header lines, `Name: value`; each must be free of CR and LF.
    ///   - body: the request body, for POST.
    ///   - timeoutMilliseconds: the limit for the whole exchange; 0 for none (a long poll).
    ///   - connectTimeoutMilliseconds: the limit for connecting.
    ///   - maximumResponseSize: a larger response body fails the exchange.
    ///   - protocols: the URL schemes allowed, as libcurl's `CURLOPT_PROTOCOLS_STR` (`http,https`).
    ///   - allowsAddress: when given, decides for each IP address (4 or 16 bytes) libcurl is about to
    ///     connect to whether it may; a refused address fails the exchange without connecting.
    public func send(
        method: String, url: String, headers: [String] = [], body: [UInt8]? = nil, timeoutMilliseconds: Int = 10_000,
        connectTimeoutMilliseconds: Int = 1_000, maximumResponseSize: Int = 6 << 20, protocols: String = "http,https",
        allowsAddress: ((_ address: [UInt8]) -> Bool)? = nil
    ) throws(Failure) -> Reply {
        guard headers.allSatisfy({ !$0.containsLineBreakOrNUL }) else {
            throw Failure("a request header holds CR, LF or NUL")
        }
        library.easyReset(handle)
        let collector = ReplyCollector(limit: maximumResponseSize)
        let box = Unmanaged.passRetained(collector)
        defer { box.release() }
        var list: UnsafeMutablePointer<curl_slist>? = nil
        // No `Expect: 100-continue` round trip, which some peers never answer.
        for line in headers + ["Expect:"] { list = library.slistAppend(list, line) }
        defer { library.slistFreeAll(list) }
        let addressGuard = allowsAddress.map(AddressGuard.init)
        let guardBox = addressGuard.map { Unmanaged.passRetained($0) }
        defer { guardBox?.release() }

        var options = Options(library: library, handle: handle)
        options.exchange(
            method: method, url: url, protocols: protocols, timeoutMilliseconds: timeoutMilliseconds,
            connectTimeoutMilliseconds: connectTimeoutMilliseconds, headers: list)
        options.collect(into: box.toOpaque())
        if let guardBox { options.guardConnections(with: guardBox.toOpaque()) }
        let code = perform(method: method, body: body, options: &options)
        guard code == CURLE_OK else {
            if collector.overflowed { throw Failure("the response is larger than \(maximumResponseSize) bytes") }
            if addressGuard?.refused == true { throw Failure("refused to connect to a non-public address") }
            throw Failure("curl error \(code.rawValue): \(library.describe(code))")
        }
        var status = 0
        _ = gh_curl_getinfo_long(library.getinfo, handle, CURLINFO_RESPONSE_CODE, &status)
        return Reply(status: status, headers: collector.headers, body: collector.body)
    }

    /// Sets the body (POST) or GET and runs the exchange; `CURLE_FAILED_INIT` when an option was refused.
    private func perform(method: String, body: [UInt8]?, options: inout Options) -> CURLcode {
        let payload = body ?? []
        return payload.withUnsafeBytes { bytes in
            if method == "POST" || body != nil {
                options.set(CURLOPT_POSTFIELDSIZE, bytes.count)
                // A non-null pointer even for an empty body, so libcurl does not read standard input.
                let pointer = UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!)
                options.check(gh_curl_setopt_pointer(library.setopt, handle, CURLOPT_POSTFIELDS, pointer))
            } else {
                options.set(CURLOPT_HTTPGET, 1)
            }
            guard options.problems == 0 else { return CURLE_FAILED_INIT }
            return library.easyPerform(handle)
        }
    }

    /// The options of one exchange, counting any libcurl refuses.
    private struct Options {
        let library: CurlLibrary
        let handle: UnsafeMutableRawPointer
        /// Options libcurl refused; the exchange is not attempted unless 0.
        var problems = 0

        mutating func check(_ code: CURLcode) { if code != CURLE_OK { problems += 1 } }
        mutating func set(_ option: CURLoption, _ value: Int) {
            check(gh_curl_setopt_long(library.setopt, handle, option, value))
        }
        mutating func set(_ option: CURLoption, _ value: String) {
            check(gh_curl_setopt_string(library.setopt, handle, option, value))
        }

        /// The request itself and the rules every exchange follows: no signals, no proxy from the
        /// environment (httpoxy), only `protocols`, no redirects, keep-alive, the time limits.
        mutating func exchange(
            method: String, url: String, protocols: String, timeoutMilliseconds: Int, connectTimeoutMilliseconds: Int,
            headers: UnsafeMutablePointer<curl_slist>?
        ) {
            set(CURLOPT_URL, url)
            set(CURLOPT_CUSTOMREQUEST, method)
            set(CURLOPT_NOSIGNAL, 1)
            set(CURLOPT_NOPROXY, "*")
            set(CURLOPT_PROTOCOLS_STR, protocols)
            set(CURLOPT_FOLLOWLOCATION, 0)
            set(CURLOPT_TCP_KEEPALIVE, 1)
            set(CURLOPT_TIMEOUT_MS, timeoutMilliseconds)
            set(CURLOPT_CONNECTTIMEOUT_MS, connectTimeoutMilliseconds)
            check(gh_curl_setopt_slist(library.setopt, handle, CURLOPT_HTTPHEADER, headers))
        }

        /// Body and header lines go to the ``ReplyCollector`` at `collector`.
        mutating func collect(into collector: UnsafeMutableRawPointer) {
            let sink: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
                data, size, count, context in
                let collector = Unmanaged<ReplyCollector>.fromOpaque(context!).takeUnretainedValue()
                return collector.appendBody(UnsafeRawBufferPointer(start: data, count: size * count))
            }
            let headerSink: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
                data, size, count, context in
                let collector = Unmanaged<ReplyCollector>.fromOpaque(context!).takeUnretainedValue()
                return collector.appendHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
            }
            check(gh_curl_setopt_write_callback(library.setopt, handle, CURLOPT_WRITEFUNCTION, sink))
            check(gh_curl_setopt_write_callback(library.setopt, handle, CURLOPT_HEADERFUNCTION, headerSink))
            check(gh_curl_setopt_pointer(library.setopt, handle, CURLOPT_WRITEDATA, collector))
            check(gh_curl_setopt_pointer(library.setopt, handle, CURLOPT_HEADERDATA, collector))
        }

        /// Every address libcurl is about to connect to is first put to the ``AddressGuard`` at `guard`.
        mutating func guardConnections(with addressGuard: UnsafeMutableRawPointer) {
            let open: @convention(c) (UnsafeMutableRawPointer?, curlsocktype, UnsafeMutablePointer<curl_sockaddr>?) ->
                curl_socket_t = { context, _, address in
                    guard let context, let address else { return -1 }
                    return Unmanaged<AddressGuard>.fromOpaque(context).takeUnretainedValue().openSocket(address)
                }
            check(gh_curl_setopt_opensocket_callback(library.setopt, handle, CURLOPT_OPENSOCKETFUNCTION, open))
            check(gh_curl_setopt_pointer(library.setopt, handle, CURLOPT_OPENSOCKETDATA, addressGuard))
        }
    }
}
