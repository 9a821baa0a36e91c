//! A tablet's browser string as the organiser reads it: "iPad · Safari", "华为平板 · 华为浏览器",
//! not 130 characters of "Mozilla/5.0 (…) AppleWebKit/537.36 …". The raw string stays in the
//! page's tooltip for whoever needs it.

/// The device and browser a User-Agent names, in Chinese where there is a Chinese name; "未知设备"
/// for an empty one.
pub fn device_label(ua: &str) -> String {
    let ua = ua.trim();
    if ua.is_empty() {
        return "未知设备".into();
    }
    let has = |s: &str| ua.contains(s);
    let device = if has("iPad") {
        "iPad"
    } else if has("iPhone") {
        "iPhone"
    } else if has("HarmonyOS") || has("OpenHarmony") {
        if has("Mobile") {
            "鸿蒙手机"
        } else {
            "鸿蒙平板"
        }
    } else if has("Android") {
        let huawei = has("HUAWEI") || has("HONOR") || has("HuaweiBrowser");
        match (huawei, has("Mobile")) {
            (true, true) => "华为手机",
            (true, false) => "华为平板",
            (false, true) => "安卓手机",
            (false, false) => "安卓平板",
        }
    } else if has("CrOS") {
        "Chromebook"
    } else if has("Windows") {
        "Windows 电脑"
    } else if has("Macintosh") {
        // iPadOS asks for desktop pages as a Mac; a touch screen is all that tells them apart,
        // and the server cannot see it.
        "Mac 或 iPad"
    } else if has("Linux") {
        "Linux 电脑"
    } else {
        "其他设备"
    };
    let browser = if has("MicroMessenger") {
        "微信"
    } else if has("DingTalk") {
        "钉钉"
    } else if has("HuaweiBrowser") {
        "华为浏览器"
    } else if has("MiuiBrowser") || has("XiaoMi") {
        "小米浏览器"
    } else if has("UCBrowser") {
        "UC 浏览器"
    } else if has("QQBrowser") {
        "QQ 浏览器"
    } else if has("Edg/") || has("EdgA/") || has("EdgiOS/") {
        "Edge"
    } else if has("Firefox/") || has("FxiOS/") {
        "Firefox"
    } else if has("HeadlessChrome") {
        "Chrome（无界面）"
    } else if has("CriOS/") || has("Chrome/") {
        "Chrome"
    } else if has("Safari/") || has("AppleWebKit") {
        "Safari"
    } else {
        "浏览器"
    };
    format!("{device} · {browser}")
}

#[cfg(test)]
mod tests {
    use super::device_label;

    #[test]
    fn names_the_tablets_met_in_halls() {
        let cases = [
            (
                "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
                "iPad · Safari",
            ),
            (
                "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0 Mobile/15E148 Safari/604.1",
                "iPad · Chrome",
            ),
            (
                "Mozilla/5.0 (Linux; Android 12; HUAWEI MatePad 11) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0 HuaweiBrowser/14.0 Safari/537.36",
                "华为平板 · 华为浏览器",
            ),
            (
                "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
                "安卓平板 · Chrome",
            ),
            (
                "Mozilla/5.0 (Linux; Android 13; V2227A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 MicroMessenger/8.0.47",
                "安卓手机 · 微信",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0",
                "Windows 电脑 · Edge",
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
                "Mac 或 iPad · Safari",
            ),
            (
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0 Safari/537.36",
                "Linux 电脑 · Chrome（无界面）",
            ),
            ("", "未知设备"),
            ("curl/8.5.0", "其他设备 · 浏览器"),
        ];
        for (ua, label) in cases {
            assert_eq!(device_label(ua), label, "{ua}");
        }
    }
}
