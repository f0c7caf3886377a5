import CCurl
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// libcurl's functions, found with dlsym in a library opened with dlopen.
struct CurlLibrary: @unchecked Sendable {
    // @unchecked: immutable function pointers into a library that is never closed.
    typealias EasyInit = @convention(c) () -> UnsafeMutableRawPointer?
    typealias EasyHandleFunction = @convention(c) (UnsafeMutableRawPointer?) -> Void
    typealias EasyPerform = @convention(c) (UnsafeMutableRawPointer?) -> CURLcode
    typealias SlistAppend =
        @convention(c) (UnsafeMutablePointer<curl_slist>?, UnsafePointer<CChar>?) ->
        UnsafeMutablePointer<curl_slist>?
    typealias SlistFreeAll = @convention(c) (UnsafeMutablePointer<curl_slist>?) -> Void
    typealias StringError = @convention(c) (CURLcode) -> UnsafePointer<CChar>?
    typealias GlobalInit = @convention(c) (Int) -> CURLcode

    let easyInit: EasyInit
    let easyCleanup: EasyHandleFunction
    let easyReset: EasyHandleFunction
    let easyPerform: EasyPerform
    let slistAppendFunction: SlistAppend
    let slistFreeAll: SlistFreeAll
    let strerror: StringError
    /// The variadic `curl_easy_setopt` and `curl_easy_getinfo`, called through the shim.
    let setopt: UnsafeMutableRawPointer
    let getinfo: UnsafeMutableRawPointer

    func slistAppend(_ list: UnsafeMutablePointer<curl_slist>?, _ line: String) -> UnsafeMutablePointer<curl_slist>? {
        line.withCString { slistAppendFunction(list, $0) } ?? list
    }

    func describe(_ code: CURLcode) -> String {
        strerror(code).map { String(cString: $0) } ?? "unknown"
    }

    private static let loaded: Result<CurlLibrary, CurlHTTPClient.Failure> = load()

    /// The library, loaded once per process.
    static func shared() throws(CurlHTTPClient.Failure) -> CurlLibrary { try loaded.get() }

    /// The file names tried, newest ABI first.
    static let fileNames = ["libcurl.so.4", "libcurl.so", "libcurl.4.dylib"]

    private static func load() -> Result<CurlLibrary, CurlHTTPClient.Failure> {
        guard let library = fileNames.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first else {
            return .failure(.init("cannot load libcurl (\(fileNames[0])); install libcurl4", libraryMissing: true))
        }
        func symbol<T>(_ name: String, as type: T.Type) -> T? {
            dlsym(library, name).map { unsafeBitCast($0, to: type) }
        }
        guard let globalInit = symbol("curl_global_init", as: GlobalInit.self),
            let easyInit = symbol("curl_easy_init", as: EasyInit.self),
            let easyCleanup = symbol("curl_easy_cleanup", as: EasyHandleFunction.self),
            let easyReset = symbol("curl_easy_reset", as: EasyHandleFunction.self),
            let easyPerform = symbol("curl_easy_perform", as: EasyPerform.self),
            let slistAppend = symbol("curl_slist_append", as: SlistAppend.self),
            let slistFreeAll = symbol("curl_slist_free_all", as: SlistFreeAll.self),
            let strerror = symbol("curl_easy_strerror", as: StringError.self),
            let setopt = dlsym(library, "curl_easy_setopt"),
            let getinfo = dlsym(library, "curl_easy_getinfo")
        else { return .failure(.init("libcurl lacks a function Gatehouse needs", libraryMissing: true)) }
        guard globalInit(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK else {
            return .failure(.init("curl_global_init failed", libraryMissing: true))
        }
        return .success(
            CurlLibrary(
                easyInit: easyInit, easyCleanup: easyCleanup, easyReset: easyReset, easyPerform: easyPerform,
                slistAppendFunction: slistAppend, slistFreeAll: slistFreeAll, strerror: strerror, setopt: setopt,
                getinfo: getinfo))
    }
}
