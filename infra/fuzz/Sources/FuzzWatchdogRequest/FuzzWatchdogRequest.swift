import FuzzSupport
import GatehouseCore

/// The OpenFaaS watchdog environment → APIRequest: `Http_*` variables (NUL-separated `NAME=value`
/// pairs), then standard input after an empty pair. Never crashes; a request it accepts has the
/// body its declared length says, and never a `proxy` header (httpoxy).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let input = FuzzEnvironment(Array(UnsafeBufferPointer(start: data, count: size)))
    let readBody = { (count: Int?, limit: Int) -> [UInt8]? in
        Array(input.body.prefix(count ?? (limit + 1)))
    }
    guard let request = try? WatchdogTransport.request(environment: input.variables, readBody: readBody) else {
        return 0
    }
    let declared = input.variables["Http_Content_Length"] ?? input.variables["Http_ContentLength"]
    if let length = declared.flatMap({ Int($0) }), length >= 0, request.body.count != length {
        fatalError("a watchdog request's body is not its declared length")
    }
    if request.headers["proxy"] != nil { fatalError("a Proxy header reached the request") }
    _ = request.queryItems
    _ = request.cookie(named: "__Host-gh_session")
    return 0
}

/// SwiftPM links an executable's entry point as `FuzzWatchdogRequest_main`: hand it to libFuzzer.
@_cdecl("FuzzWatchdogRequest_main")
public func entryPoint(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
