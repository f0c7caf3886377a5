import FuzzSupport
import GatehouseCore

/// The CGI environment → APIRequest: NUL-separated `NAME=value` pairs, then the body after an empty pair.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let input = FuzzEnvironment(Array(UnsafeBufferPointer(start: data, count: size)))
    if let request = try? CGITransport.request(environment: input.variables, readBody: { _, _ in input.body }) {
        _ = request.queryItems
        _ = request.cookie(named: "__Host-gh_session")
    }
    return 0
}

/// SwiftPM links an executable's entry point as `FuzzCGIRequest_main`: hand it to libFuzzer.
@_cdecl("FuzzCGIRequest_main")
public func entryPoint(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
