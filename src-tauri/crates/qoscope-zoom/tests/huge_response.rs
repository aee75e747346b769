//! Hostile answers: a 200 MB response (announced, or streamed without a length) and JSON nested
//! 10,000 deep are refused with a clear error — no hang, no crash, no gigabytes held in memory.

use qoscope_zoom::{
    ApiCall, CallContext, CancelFlag, ClientConfig, CredentialSource, Endpoints, RetryPolicy, ScopeNeed, ZoomClient,
    ZoomError,
};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const MB_200: usize = 200 << 20;

/// A one-route HTTP server that answers every request with `head` and then `body_len` bytes
/// produced by `fill` (in 1 MiB chunks, so the server itself holds little).
async fn serve(head: String, body_len: usize, fill: fn(usize, &mut [u8])) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let head = head.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let mut chunk = vec![0u8; 1 << 20];
                let mut sent = 0;
                while sent < body_len {
                    let n = chunk.len().min(body_len - sent);
                    fill(sent, &mut chunk[..n]);
                    if socket.write_all(&chunk[..n]).await.is_err() {
                        return; // the client hung up: as it should
                    }
                    sent += n;
                }
            });
        }
    });
    format!("http://{addr}/v2")
}

fn client(base: &str) -> ZoomClient {
    let config = ClientConfig {
        endpoints: Endpoints::new(base, &format!("{base}/oauth/token")).unwrap(),
        requests_per_second: 1000.0,
        retry: RetryPolicy { max_retries: 1, ..RetryPolicy::fast() },
        ..ClientConfig::default()
    };
    ZoomClient::new(config, CredentialSource::access_token("pasted")).unwrap()
}

async fn get(base: &str) -> Result<qoscope_zoom::ApiResponse, ZoomError> {
    let call = ApiCall {
        path: "/metrics/meetings/1/participants/qos".into(),
        query: vec![],
        need: ScopeNeed::ParticipantsQos,
    };
    client(base).get(&call, &CallContext::new(CancelFlag::new())).await
}

fn spaces(_: usize, b: &mut [u8]) {
    b.fill(b' ');
}

#[tokio::test]
async fn a_200_mb_answer_with_a_length_is_refused_before_reading_it() {
    let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {MB_200}\r\n\r\n");
    let base = serve(head, MB_200, spaces).await;
    let started = Instant::now();
    let err = get(&base).await.unwrap_err();
    assert!(err.to_string().contains("larger than 64 MiB"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[tokio::test]
async fn a_200_mb_answer_streamed_without_a_length_is_cut_off_at_the_limit() {
    // `{"participants":[` then endless spaces: valid-looking JSON that never ends.
    fn json_prefix(offset: usize, b: &mut [u8]) {
        b.fill(b' ');
        if offset == 0 {
            let p = br#"{"participants":["#;
            b[..p.len()].copy_from_slice(p);
        }
    }
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n".to_owned();
    let base = serve(head, MB_200, json_prefix).await;
    let err = get(&base).await.unwrap_err();
    let text = err.to_string();
    assert!(text.contains("larger than 64 MiB") && text.contains("/participants/qos"), "{text}");
}

#[tokio::test]
async fn json_nested_ten_thousand_deep_is_a_bad_answer_not_a_stack_overflow() {
    fn nested(offset: usize, b: &mut [u8]) {
        for (i, byte) in b.iter_mut().enumerate() {
            *byte = if offset + i < 10_000 { b'[' } else { b']' };
        }
    }
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 20000\r\n\r\n".to_owned();
    let base = serve(head, 20_000, nested).await;
    let err = get(&base).await.unwrap_err();
    assert!(matches!(err, ZoomError::BadResponse { .. }), "{err:?}");
}
