//! The shipped site holds no JavaScript: no page of the real binary has a
//! script element or an event handler, and nothing of the writer's preview
//! (its reload script, its events endpoint) reaches a built page.

mod common;

#[test]
fn no_route_of_the_shipped_binary_carries_a_script() {
    let routes = common::routes();
    assert!(routes.len() > 5, "{} routes", routes.len());
    for (path, body) in routes {
        let text = String::from_utf8_lossy(&body).to_ascii_lowercase();
        for forbidden in ["<script", "/_preview/", "eventsource", "javascript:"] {
            assert!(!text.contains(forbidden), "{path} holds {forbidden}");
        }
        if path.ends_with('/') {
            let page = scraper::Html::parse_document(&text);
            for element in page.root_element().descendants() {
                let Some(element) = element.value().as_element() else {
                    continue;
                };
                assert!(
                    element.attrs().all(|(name, _)| !name.starts_with("on")),
                    "{path}: <{}> has an event handler",
                    element.name()
                );
            }
        }
    }
}
