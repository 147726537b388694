//! Keys as wallets hold them: secret URIs and mnemonics, and keystore files exported by
//! polkadot.js (the fixture is the dev account Alice exported with the password `whoisalice`, the
//! test vector subxt-signer uses).

use datacoop_client::keys::{account, key_from_keystore, key_from_uri, signer};

fn fixture() -> std::path::PathBuf {
	std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/alice-keystore.json")
}

#[test]
fn a_polkadot_js_keystore_file_opens_to_the_same_account_as_its_secret_uri() {
	let from_file = key_from_keystore(&fixture(), "whoisalice").expect("the keystore opens");
	let from_uri = key_from_uri("//Alice").expect("a dev URI");
	assert_eq!(account(&from_file), account(&from_uri));
	assert_eq!(account(&from_file).to_string(), "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
}

#[test]
fn wrong_passwords_bad_uris_and_two_keys_at_once_are_refused() {
	let wrong = key_from_keystore(&fixture(), "whoisbob")
		.expect_err("a wrong password fails")
		.to_string();
	assert!(wrong.contains("cannot open the keystore file"), "{wrong}");
	assert!(key_from_keystore(std::path::Path::new("/no/such/file.json"), "x").is_err());
	assert!(key_from_uri("not a mnemonic at all").is_err());
	let both = signer(Some("//Alice"), Some(&fixture()))
		.expect_err("two keys are refused")
		.to_string();
	assert!(both.contains("either"), "{both}");
	let mnemonic = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";
	assert_eq!(
		account(&key_from_uri(&format!("{mnemonic}//Alice")).expect("mnemonic with derivation")),
		account(&key_from_uri("//Alice").expect("dev URI")),
		"`//Alice` is the dev mnemonic with the derivation //Alice"
	);
}
