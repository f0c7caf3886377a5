import FuzzSupport
import GatehouseCore

/// Form URL decoding: never crashes; what decodes re-encodes to something that decodes to the same.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let pairs = FormURLEncoded.decode(text) else { return 0 }
    let again = FormURLEncoded.decode(FormURLEncoded.encode(pairs.map { ($0.name, $0.value) }))
    guard let again, again.map(\.name) == pairs.map(\.name), again.map(\.value) == pairs.map(\.value) else {
        fatalError("encode ∘ decode changed the pairs")
    }
    return 0
}

/// SwiftPM links an executable's entry point as `FuzzForm_main`: hand it to libFuzzer.
@_cdecl("FuzzForm_main")
public func entryPoint(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
