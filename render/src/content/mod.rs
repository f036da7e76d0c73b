//! Content: posts as written (`posts/`) turned into what pages are made
//! of. It parses each post's front matter (`post`), serves the files beside
//! posts (`post_files`) and renders each body (`bodies`: markdown with
//! highlighted code, KaTeX math, sized images and checked links). It stops
//! at a post's HTML and facts about it: which page holds it, and what the
//! page around it looks like, are `pages`'.

pub(crate) mod bodies;
pub(crate) mod highlight;
pub(crate) mod images;
pub(crate) mod links;
pub(crate) mod markdown;
pub(crate) mod math;
pub(crate) mod math_styles;
pub(crate) mod post;
pub(crate) mod post_files;
pub(crate) mod reading_time;
