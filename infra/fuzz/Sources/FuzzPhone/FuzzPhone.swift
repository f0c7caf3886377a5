import FuzzSupport
import GatehouseCore

/// Phone normalisation: never crashes; its output is E.164 and normalising it again changes nothing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let phone = PhoneNumber.normalize(text, defaultCountryCode: "1") else { return 0 }
    guard PhoneNumber.isE164(phone), PhoneNumber.normalize(phone, defaultCountryCode: "1") == phone else {
        fatalError("normalisation is not idempotent or not E.164")
    }
    return 0
}

/// SwiftPM links an executable's entry point as `FuzzPhone_main`: hand it to libFuzzer.
@_cdecl("FuzzPhone_main")
public func entryPoint(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
