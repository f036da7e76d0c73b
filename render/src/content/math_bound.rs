//! KaTeX's JavaScript, run in an embedded engine (QuickJS, through
//! rquickjs) that is bounded in time and memory, and stopped at its bound.
//! KaTeX's own `maxExpand` bounds how many macros expand, not how much
//! they expand to: a formula of 2 KB such as `\def\a{xx…x}\def\b{\a\a…}
//! \def\c{\b\b…}\c\c…` stays within it yet makes millions of tokens, and
//! KaTeX works on it for minutes and gigabytes. The `katex` crate's engine
//! can be neither interrupted nor limited (a formula past a bound had to be
//! left running on a thread of its own), so KaTeX's script
//! (`render/vendor/katex`, the version the `katex` crate shipped, with
//! its `mhchem`) runs here instead: QuickJS calls an interrupt handler as
//! it works, which stops the formula once `BOUND` has passed, and refuses
//! to allocate past `MEMORY`. Either way the formula is an error for the
//! writer, the engine's memory is freed at once, and the build (or
//! `cargo preview`) goes on with no work left running.
//!
//! Each thread keeps its engine (KaTeX's script is loaded once per thread)
//! across formulas, posts and builds; an engine that was stopped is
//! dropped and a fresh one serves the next formula.

use rquickjs::convert::Coerced;
use rquickjs::{Context, Ctx, Function, Object, Runtime};
use std::cell::RefCell;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Longest KaTeX may take over one formula. A long formula takes a few
/// milliseconds (seconds, unoptimised in a debug build); only a formula
/// whose macros blow up comes near this.
pub(crate) const BOUND: Duration = Duration::from_secs(5);

/// Most memory KaTeX's engine may hold: its script and a formula take a
/// few megabytes; only a formula whose macros blow up comes near this.
const MEMORY: usize = 1 << 30;

/// KaTeX 0.16.4 and its `mhchem` extension (`\ce`), as the `katex` crate
/// shipped them: the stylesheet and fonts in `static/katex` are this
/// version's.
const KATEX: &str = concat!(
    include_str!("../../vendor/katex/katex.min.js"),
    ";\n",
    include_str!("../../vendor/katex/mhchem.min.js"),
);

/// What KaTeX is asked for: the option object of `katex.renderToString`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Request {
    pub display: bool,
    /// MathML only, rather than HTML and MathML.
    pub mathml: bool,
}

/// Why a formula has no rendering.
#[derive(Debug)]
pub(crate) enum Failure {
    /// KaTeX's own message (`ParseError: KaTeX parse error: …`).
    Refused(String),
    /// KaTeX was stopped at `BOUND`.
    TooSlow,
    /// KaTeX was stopped at `MEMORY`.
    TooBig,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Refused(message) => f.write_str(message),
            Failure::TooSlow => write!(
                f,
                "KaTeX gave up after {} s: the formula expands to more than a page can show (are its macros nested?)",
                BOUND.as_secs()
            ),
            Failure::TooBig => write!(
                f,
                "KaTeX gave up at {} MB: the formula expands to more than a page can show (are its macros nested?)",
                MEMORY >> 20
            ),
        }
    }
}

thread_local! {
    static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
}

/// KaTeX's rendering of `tex`, stopped at `BOUND` or `MEMORY`.
pub(crate) fn render(tex: &str, request: Request) -> Result<String, Failure> {
    ENGINE.with(|cell| {
        let mut cell = cell.borrow_mut();
        let engine = match cell.take() {
            Some(engine) => engine,
            None => {
                Engine::new().map_err(|e| Failure::Refused(format!("KaTeX did not load: {e}")))?
            }
        };
        let result = engine.render(tex, request);
        // A stopped engine may hold what it was stopped in: it goes.
        if !matches!(result, Err(Failure::TooSlow | Failure::TooBig)) {
            *cell = Some(engine);
        }
        result
    })
}

/// A QuickJS runtime with KaTeX loaded, and the time its formula must end
/// by.
struct Engine {
    // The context must go before its runtime.
    context: Context,
    _runtime: Runtime,
    deadline: Arc<Mutex<Option<Instant>>>,
}

impl Engine {
    fn new() -> rquickjs::Result<Engine> {
        let runtime = Runtime::new()?;
        runtime.set_memory_limit(MEMORY);
        let deadline: Arc<Mutex<Option<Instant>>> = Arc::default();
        let watched = Arc::clone(&deadline);
        runtime.set_interrupt_handler(Some(Box::new(move || {
            watched
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .is_some_and(|deadline| Instant::now() > deadline)
        })));
        let context = Context::full(&runtime)?;
        context.with(|ctx| ctx.eval::<(), _>(KATEX))?;
        Ok(Engine {
            context,
            _runtime: runtime,
            deadline,
        })
    }

    fn render(&self, tex: &str, request: Request) -> Result<String, Failure> {
        self.set_deadline(Some(Instant::now() + BOUND));
        let result = self.context.with(|ctx| {
            call(&ctx, tex, request).map_err(|e| match e {
                rquickjs::Error::Exception => message(&ctx),
                other => other.to_string(),
            })
        });
        let late = self
            .deadline()
            .is_some_and(|deadline| Instant::now() > deadline);
        self.set_deadline(None);
        result.map_err(|message| {
            if late {
                Failure::TooSlow
            } else if message.contains("out of memory") {
                Failure::TooBig
            } else {
                Failure::Refused(message)
            }
        })
    }

    fn deadline(&self) -> Option<Instant> {
        *self.deadline.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn set_deadline(&self, deadline: Option<Instant>) {
        *self.deadline.lock().unwrap_or_else(|p| p.into_inner()) = deadline;
    }
}

/// `katex.renderToString(tex, options)`.
fn call<'js>(ctx: &Ctx<'js>, tex: &str, request: Request) -> rquickjs::Result<String> {
    let katex: Object = ctx.globals().get("katex")?;
    let render_to_string: Function = katex.get("renderToString")?;
    let options = Object::new(ctx.clone())?;
    options.set("displayMode", request.display)?;
    options.set(
        "output",
        if request.mathml {
            "mathml"
        } else {
            "htmlAndMathml"
        },
    )?;
    options.set("throwOnError", true)?;
    options.set("trust", false)?;
    render_to_string.call((tex, options))
}

/// The exception KaTeX threw, as JavaScript's `String(e)` writes it.
fn message(ctx: &Ctx) -> String {
    let thrown = ctx.catch();
    thrown
        .get::<Coerced<String>>()
        .map_or_else(|e| e.to_string(), |Coerced(message)| message)
}

#[cfg(test)]
mod tests {
    use super::*;

    const INLINE: Request = Request {
        display: false,
        mathml: false,
    };

    #[test]
    fn formulas_render_and_errors_are_katex_words() {
        let html = render("x^2", INLINE).unwrap();
        assert!(html.starts_with("<span class=\"katex\">"), "{html}");
        let Err(Failure::Refused(message)) = render(r"\frac{1}{", INLINE) else {
            panic!("refused")
        };
        assert!(
            message.starts_with("ParseError: KaTeX parse error"),
            "{message}"
        );
        assert!(render("y", INLINE).is_ok(), "the engine serves on");
    }

    #[test]
    fn a_formula_past_the_bound_is_stopped_and_the_thread_renders_on() {
        // 2 KB whose macros expand to 1.6 million tokens: minutes of work.
        let x = "x".repeat(2000);
        let tex = format!(
            r"\def\a{{{x}}}\def\b{{\a\a\a\a\a\a\a\a\a\a}}\def\c{{\b\b\b\b\b\b\b\b\b\b}}\c\c\c\c\c\c\c\c"
        );
        let start = Instant::now();
        let failure = render(&tex, INLINE).unwrap_err();
        // KaTeX runs on this thread: once `render` returns, nothing of the
        // formula runs on.
        let took = start.elapsed();
        assert!(matches!(failure, Failure::TooSlow), "{failure}");
        assert!(took < BOUND + Duration::from_secs(2), "{took:?}");
        assert!(render("x", INLINE).is_ok(), "a fresh engine serves on");
    }

    #[test]
    fn mhchem_is_loaded() {
        assert!(render(r"\ce{H2O}", INLINE).is_ok());
    }
}
