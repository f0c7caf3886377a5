/// The one stylesheet of Gatehouse's HTML pages (the authorization pages and the console), inline
/// (no external assets), and its CSP hash.
enum PageStyle {
    /// The stylesheet: a centred card (a wide page with tables for the console), readable from 320 px
    /// up, light and dark.
    static let css = """
        :root{color-scheme:light dark;--bg:#f3f4f6;--card:#fff;--text:#16191d;--muted:#5b6570;--line:#d5dae0;\
        --accent:#0b57d0;--on-accent:#fff;--warn-bg:#fff3d1;--warn:#6b4300;--err:#b3261e}\
        @media (prefers-color-scheme:dark){:root{--bg:#0f1115;--card:#1a1d23;--text:#e7e9ec;--muted:#a0a9b4;\
        --line:#343b45;--accent:#8ab4f8;--on-accent:#0a1a33;--warn-bg:#3b2f0c;--warn:#f4cb6b;--err:#f2b8b5}}\
        *{box-sizing:border-box}\
        body{margin:0;min-height:100vh;display:flex;flex-direction:column;align-items:center;justify-content:center;\
        padding:24px 16px;background:var(--bg);color:var(--text);\
        font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}\
        main{width:100%;max-width:420px;background:var(--card);border:1px solid var(--line);border-radius:16px;\
        padding:28px 24px;box-shadow:0 1px 3px rgba(0,0,0,.08)}\
        .brand{display:flex;align-items:center;gap:10px;font-weight:600;margin:0 0 20px}\
        .logo{display:inline-grid;place-items:center;width:32px;height:32px;border-radius:8px;\
        background:var(--accent);color:var(--on-accent);font-weight:700}\
        h1{font-size:1.375rem;line-height:1.3;margin:0 0 8px}\
        p{margin:0 0 16px}.muted{color:var(--muted);font-size:.9375rem}\
        label{display:block;font-weight:600;margin:0 0 6px}\
        input{width:100%;font:inherit;font-size:1.125rem;padding:12px 14px;border:1px solid var(--line);\
        border-radius:10px;background:transparent;color:inherit}\
        input:focus-visible,button:focus-visible{outline:3px solid var(--accent);outline-offset:2px}\
        .hint{color:var(--muted);font-size:.875rem;margin:6px 0 16px}\
        button{width:100%;font:inherit;font-weight:600;min-height:48px;padding:12px 16px;border-radius:10px;\
        border:1px solid var(--accent);background:var(--accent);color:var(--on-accent);cursor:pointer}\
        button.secondary{background:transparent;color:var(--text);border-color:var(--line)}\
        button.link{width:auto;min-height:0;padding:4px 0;border:0;background:none;color:var(--accent);\
        font-weight:500;text-decoration:underline}\
        .actions{display:flex;gap:12px;margin-top:20px}\
        .notice{border-radius:10px;padding:10px 12px;margin:0 0 16px;font-size:.9375rem;\
        background:var(--warn-bg);color:var(--warn)}\
        .problem{color:var(--err);font-weight:600}\
        .badge{display:inline-block;font-size:.75rem;font-weight:700;text-transform:uppercase;letter-spacing:.04em;\
        padding:2px 8px;border-radius:999px;background:var(--warn-bg);color:var(--warn);vertical-align:middle}\
        dl{display:grid;grid-template-columns:auto 1fr;gap:6px 12px;margin:0 0 16px;font-size:.9375rem}\
        dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}\
        ul{list-style:none;padding:0;margin:0 0 8px;border:1px solid var(--line);border-radius:10px}\
        li{padding:10px 14px;border-top:1px solid var(--line)}li:first-child{border-top:0}\
        li small{display:block;color:var(--muted);font-family:ui-monospace,monospace}\
        footer{margin-top:16px;color:var(--muted);font-size:.8125rem;text-align:center}\
        body.wide{justify-content:flex-start}body.wide main{max-width:1040px}\
        nav{display:flex;flex-wrap:wrap;align-items:center;gap:8px 18px;margin:0 0 20px;\
        padding-bottom:12px;border-bottom:1px solid var(--line)}\
        nav a{color:var(--accent);font-weight:500}nav a[aria-current=page]{color:var(--text);font-weight:700}\
        nav form{margin-left:auto}\
        h2{font-size:1.125rem;margin:24px 0 10px}\
        select{width:100%;font:inherit;padding:12px 14px;border:1px solid var(--line);border-radius:10px;\
        background:var(--card);color:inherit}\
        input[type=checkbox]{width:auto;margin:0}select:focus-visible{outline:3px solid var(--accent)}\
        fieldset{border:1px solid var(--line);border-radius:10px;margin:0 0 16px;padding:10px 14px}\
        legend{font-weight:600;padding:0 4px}\
        label.check{display:flex;gap:8px;align-items:center;font-weight:400;margin:4px 0}\
        .grid{display:grid;gap:0 16px;grid-template-columns:repeat(auto-fit,minmax(220px,1fr))}\
        .secret{display:block;font:600 1rem/1.4 ui-monospace,monospace;overflow-wrap:anywhere;padding:12px;\
        margin:0 0 12px;border:2px dashed var(--accent);border-radius:10px;user-select:all}\
        button.danger{background:var(--err);border-color:var(--err);color:var(--card)}\
        button.small{width:auto;min-height:40px;padding:6px 14px}\
        .row{display:flex;flex-wrap:wrap;gap:8px;align-items:center}.row select{width:auto;padding:8px}\
        table{width:100%;border-collapse:collapse;font-size:.9375rem;margin:0 0 16px}\
        th,td{text-align:left;vertical-align:top;padding:10px 8px;border-top:1px solid var(--line)}\
        th{color:var(--muted);font-weight:600;border-top:0}td code{overflow-wrap:anywhere}\
        @media (max-width:720px){table,tbody,tr,td{display:block}thead{display:none}\
        tr{border:1px solid var(--line);border-radius:10px;margin:0 0 12px;padding:4px 12px}\
        td{border:0;padding:6px 0;display:grid;grid-template-columns:7.5em 1fr;gap:8px}\
        td::before{content:attr(data-label);color:var(--muted);font-weight:600}}
        """

    /// The stylesheet's CSP source, `'sha256-…'`: the SHA-256 of `css`, written out. Hashing the
    /// stylesheet at run time cost every cold page 0.16 M instructions (infra/bench/RESULTS.md);
    /// `PageHashTests` fails, naming the new value, when `css` changes without it.
    static let hashSource = "'sha256-7QXQoD2RMOQOxMVXGE28kULepix6vIsQTUu5Y8adK4U='"
}
