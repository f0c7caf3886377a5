import CCurl

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One outbound HTTP request.
public struct OutboundRequest: Sendable {
    /// An `http://` or `https://` URL.
    public var url: String
    /// Header fields to send (besides those libcurl adds).
    public var headers: [(name: String, value: String)]
    /// The body, sent with `POST`.
    public var body: [UInt8]
    /// User name and password for HTTP basic authentication, if any.
    public var basicAuthentication: (username: String, password: String)?
    /// The limit for the whole exchange; connecting is limited to the smaller of this and 2 s.
    public var timeoutMilliseconds: Int

    /// A `POST` request.
    public init(
        url: String, headers: [(name: String, value: String)], body: [UInt8],
        basicAuthentication: (username: String, password: String)? = nil, timeoutMilliseconds: Int
    ) {
        self.url = url
        self.headers = headers
        self.body = body
        self.basicAuthentication = basicAuthentication
        self.timeoutMilliseconds = timeoutMilliseconds
    }
}

/// What came back.
public struct OutboundResponse: Sendable, Equatable {
    /// The status code.
    public var status: Int
    /// The body, cut at 64 KiB.
    public var body: [UInt8]
}

/// An outbound request that got no HTTP response. The description names the failure (a libcurl
/// error text), never the URL's credentials or the body.
public struct OutboundHTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public let description: String
}

/// Outbound HTTP over libcurl, which is loaded with `dlopen` the first time a request is sent.
///
/// This is the only Gatehouse file that calls libcurl for delivery. Function executables do not
/// link libcurl (it pulls in some thirty-five shared libraries that every CGI start would pay
/// for); only a process that actually sends something loads it. Proxies from the environment are
/// ignored (`HTTP_PROXY` can be set by a CGI client, RFC 3875 "httpoxy"), redirects are not
/// followed, and only `http` and `https` are spoken.
public enum HTTPClient {
    /// Sends a `POST` and returns the response, whatever its status.
    public static func post(_ request: OutboundRequest) throws(OutboundHTTPError) -> OutboundResponse {
        let curl: LibCurl
        switch LibCurl.shared {
        case .success(let loaded): curl = loaded
        case .failure(let error): throw error
        }
        return try curl.perform(request)
    }
}

/// The libcurl functions Gatehouse calls, found with `dlsym`.
private struct LibCurl: @unchecked Sendable {
    typealias EasyInit = @convention(c) () -> UnsafeMutableRawPointer?
    typealias EasyPerform = @convention(c) (UnsafeMutableRawPointer?) -> CURLcode
    typealias EasyCleanup = @convention(c) (UnsafeMutableRawPointer?) -> Void
    typealias EasyStrerror = @convention(c) (CURLcode) -> UnsafePointer<CChar>?
    typealias SlistAppend =
        @convention(c) (UnsafeMutablePointer<curl_slist>?, UnsafePointer<CChar>?) -> UnsafeMutablePointer<curl_slist>?
    typealias SlistFreeAll = @convention(c) (UnsafeMutablePointer<curl_slist>?) -> Void
    typealias GlobalInit = @convention(c) (Int) -> CURLcode

    let easyInit: EasyInit
    let easyPerform: EasyPerform
    let easyCleanup: EasyCleanup
    let easyStrerror: EasyStrerror
    let slistAppend: SlistAppend
    let slistFreeAll: SlistFreeAll
    /// `curl_easy_setopt` and `curl_easy_getinfo` are variadic: they are called through the typed
    /// `gh_dl_curl_*` wrappers of the CCurl shim.
    let easySetopt: UnsafeMutableRawPointer
    let easyGetinfo: UnsafeMutableRawPointer

    /// Loaded once per process, on first use.
    static let shared: Result<LibCurl, OutboundHTTPError> = load()

    private static func load() -> Result<LibCurl, OutboundHTTPError> {
        guard let library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL) ?? dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL)
        else { return .failure(OutboundHTTPError(description: "libcurl could not be loaded")) }
        func symbol(_ name: String) -> UnsafeMutableRawPointer? { dlsym(library, name) }
        guard let easyInit = symbol("curl_easy_init"), let easyPerform = symbol("curl_easy_perform"),
            let easyCleanup = symbol("curl_easy_cleanup"), let easyStrerror = symbol("curl_easy_strerror"),
            let slistAppend = symbol("curl_slist_append"), let slistFreeAll = symbol("curl_slist_free_all"),
            let easySetopt = symbol("curl_easy_setopt"), let easyGetinfo = symbol("curl_easy_getinfo"),
            let globalInit = symbol("curl_global_init")
        else { return .failure(OutboundHTTPError(description: "libcurl lacks a required function")) }
        let curl = LibCurl(
            easyInit: unsafeBitCast(easyInit, to: EasyInit.self),
            easyPerform: unsafeBitCast(easyPerform, to: EasyPerform.self),
            easyCleanup: unsafeBitCast(easyCleanup, to: EasyCleanup.self),
            easyStrerror: unsafeBitCast(easyStrerror, to: EasyStrerror.self),
            slistAppend: unsafeBitCast(slistAppend, to: SlistAppend.self),
            slistFreeAll: unsafeBitCast(slistFreeAll, to: SlistFreeAll.self),
            easySetopt: easySetopt, easyGetinfo: easyGetinfo)
        // CURL_GLOBAL_DEFAULT (SSL | WIN32); done here, once, before any handle exists.
        guard unsafeBitCast(globalInit, to: GlobalInit.self)(3) == CURLE_OK else {
            return .failure(OutboundHTTPError(description: "libcurl failed to initialise"))
        }
        return .success(curl)
    }

    /// Collects the response body, up to a limit.
    final class Sink {
        static let limit = 64 * 1024
        var bytes: [UInt8] = []
    }

    func perform(_ request: OutboundRequest) throws(OutboundHTTPError) -> OutboundResponse {
        guard let handle = easyInit() else { throw OutboundHTTPError(description: "curl_easy_init failed") }
        defer { easyCleanup(handle) }
        var headerList: UnsafeMutablePointer<curl_slist>? = nil
        defer { slistFreeAll(headerList) }
        for (name, value) in request.headers + [("Expect", "")] {
            guard !name.containsLineBreakOrNUL, !value.containsLineBreakOrNUL else {
                throw OutboundHTTPError(description: "a header holds CR, LF or NUL")
            }
            let line = value.isEmpty ? name + ":" : name + ": " + value
            guard let appended = slistAppend(headerList, line) else {
                throw OutboundHTTPError(description: "curl_slist_append failed")
            }
            headerList = appended
        }
        let sink = Sink()
        let sinkPointer = Unmanaged.passRetained(sink)
        defer { sinkPointer.release() }

        var code = CURLE_OK
        func set(_ option: CURLoption, _ value: Int) {
            if code == CURLE_OK { code = gh_dl_curl_setopt_long(easySetopt, handle, option, value) }
        }
        func set(_ option: CURLoption, _ value: String) {
            if code == CURLE_OK {
                code = value.withCString { gh_dl_curl_setopt_pointer(easySetopt, handle, option, $0) }
            }
        }
        set(CURLOPT_URL, request.url)
        set(CURLOPT_PROTOCOLS_STR, "http,https")
        set(CURLOPT_PROXY, "")
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_FOLLOWLOCATION, 0)
        set(CURLOPT_TIMEOUT_MS, request.timeoutMilliseconds)
        set(CURLOPT_CONNECTTIMEOUT_MS, min(request.timeoutMilliseconds, 2000))
        set(CURLOPT_POST, 1)
        set(CURLOPT_POSTFIELDSIZE, request.body.count)
        if request.body.isEmpty {
            set(CURLOPT_COPYPOSTFIELDS, "")
        } else if code == CURLE_OK {
            code = request.body.withUnsafeBytes {
                gh_dl_curl_setopt_pointer(easySetopt, handle, CURLOPT_COPYPOSTFIELDS, $0.baseAddress)
            }
        }
        if let credentials = request.basicAuthentication {
            set(CURLOPT_HTTPAUTH, 1)  // CURLAUTH_BASIC
            set(CURLOPT_USERNAME, credentials.username)
            set(CURLOPT_PASSWORD, credentials.password)
        }
        if code == CURLE_OK { code = gh_dl_curl_setopt_pointer(easySetopt, handle, CURLOPT_HTTPHEADER, headerList) }
        if code == CURLE_OK { code = gh_dl_curl_setopt_write_callback(easySetopt, handle, writeCallback) }
        if code == CURLE_OK {
            code = gh_dl_curl_setopt_pointer(easySetopt, handle, CURLOPT_WRITEDATA, sinkPointer.toOpaque())
        }
        guard code == CURLE_OK else { throw failure(code) }

        code = easyPerform(handle)
        guard code == CURLE_OK else { throw failure(code) }
        var status = 0
        guard gh_dl_curl_getinfo_long(easyGetinfo, handle, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK else {
            throw OutboundHTTPError(description: "no response code")
        }
        return OutboundResponse(status: status, body: sink.bytes)
    }

    private func failure(_ code: CURLcode) -> OutboundHTTPError {
        let text = easyStrerror(code).map { String(cString: $0) } ?? "error"
        return OutboundHTTPError(description: "curl \(code.rawValue): \(text)")
    }
}

/// libcurl's write callback: appends to the ``LibCurl/Sink`` up to its limit.
private let writeCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    data, size, count, context in
    guard let context else { return 0 }
    let sink = Unmanaged<LibCurl.Sink>.fromOpaque(context).takeUnretainedValue()
    let total = size * count
    if let data, sink.bytes.count < LibCurl.Sink.limit {
        let kept = min(total, LibCurl.Sink.limit - sink.bytes.count)
        data.withMemoryRebound(to: UInt8.self, capacity: kept) {
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: kept))
        }
    }
    return total
}
