//! HTTPS: the certificate chain and private key, read once at start-up from
//! PEM files, into a rustls configuration that offers HTTP/2 and HTTP/1.1
//! by ALPN and resumes sessions by stateless tickets. Nothing is read from
//! disk after this.
//!
//! Resumption: rustls' default keeps each session in a cache of 256
//! entries (two a connection, each good for one resumption), so on a site
//! with readers arriving it forgets a reader after 128 others. A ticket
//! (rustls' `Ticketer`: with aws-lc-rs, AES-256-CBC and HMAC-SHA256 under
//! random keys that rotate every 6 hours, held in memory only) is the
//! session itself, sealed: the server keeps nothing per session, and a
//! returning reader resumes however many came between, as with nginx's
//! `ssl_session_tickets`. A restart forgets the key, and the next visit
//! makes a full handshake.

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::path::Path;
use std::sync::Arc;
use tokio_rustls::TlsAcceptor;

/// An acceptor for `cert` (a PEM chain, leaf first) and `key` (a PEM
/// private key); the error names the file and what is wrong with it.
pub(crate) fn acceptor(cert: &Path, key: &Path) -> Result<TlsAcceptor, String> {
    let chain = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| format!("{}: {e}", cert.display()))?;
    if chain.is_empty() {
        return Err(format!("{}: no certificate in it", cert.display()));
    }
    let key_der =
        PrivateKeyDer::from_pem_file(key).map_err(|e| format!("{}: {e}", key.display()))?;
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("aws-lc-rs supports rustls' default protocol versions")
    .with_no_client_auth()
    .with_single_cert(chain, key_der)
    .map_err(|e| format!("{} and {}: {e}", cert.display(), key.display()))?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    config.ticketer = rustls::crypto::aws_lc_rs::Ticketer::new()
        .map_err(|e| format!("session tickets: no key for them: {e}"))?;
    Ok(TlsAcceptor::from(Arc::new(config)))
}
