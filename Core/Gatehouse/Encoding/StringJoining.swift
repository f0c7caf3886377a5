extension Array where Element == String {
    /// The strings one after the other, `separator` between two: the standard library's
    /// `joined(separator:)`, which this overload takes the place of inside GatehouseCore (a method
    /// of `Array` is chosen over the protocol extension's).
    ///
    /// The standard library's is unspecialized generic code (`BidirectionalCollection where Element
    /// == String`): its first call in a process resolves `Array<String>`'s associated types at run
    /// time, a scan of every conformance record of the executable, 0.19 M instructions (about 7 % of a
    /// cold refresh, whose scope script joins the privileged resources; as much again on the OAuth
    /// pages; infra/bench/RESULTS.md). This loop is specialized where it is called.
    /// `StringJoiningTests` holds it to the standard library's answers.
    func joined(separator: String = "") -> String {
        var text = ""
        for (index, element) in enumerated() {
            if index > 0 { text += separator }
            text += element
        }
        return text
    }
}
