/// The copy button beside a secret the console shows once: progressive enhancement. Without
/// JavaScript the button stays hidden and the secret sits selectable in its read-only field; with
/// it, the one inline script (allowed by its SHA-256 in the page's CSP, nothing else runs) shows
/// the button, which selects the field and copies it (the Clipboard API, else `execCommand`).
enum ConsoleCopyButton {
    /// The script, exactly as the page carries it (its hash is over these bytes).
    static let script =
        "document.querySelectorAll('button[data-copy]').forEach(function(b){"
        + "var f=document.getElementById(b.getAttribute('data-copy'));if(!f)return;b.hidden=false;"
        + "b.addEventListener('click',function(){f.focus();f.select();"
        + "var done=function(){b.textContent='Copied';};"
        + "var fallback=function(){if(document.execCommand('copy')){done();}else{b.textContent='Press Ctrl+C';}};"
        + "if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(f.value).then(done,fallback);}"
        + "else{fallback();}});});"

    /// The script's CSP source, `'sha256-…'`: the SHA-256 of `script`, written out as the
    /// stylesheet's is (`PageStyle.hashSource`); `PageHashTests` fails, naming the new value, when
    /// `script` changes without it.
    static let hashSource = "'sha256-7nKiWQOJ1hCFIWFIhxbza9NKigZnMau1T3k9MQPJ59o='"

    /// The button copying the field `fieldID`, hidden until the script shows it, and the script.
    static func html(copying fieldID: String, label: String) -> String {
        "<button type=\"button\" class=\"small\" data-copy=\"\(HTMLText.escape(fieldID))\" hidden>"
            + "\(HTMLText.escape(label))</button><script>\(script)</script>"
    }
}
