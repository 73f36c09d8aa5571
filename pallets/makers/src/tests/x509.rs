//! X.509 roots and chains: registration of roots by governance, every rule of a chain with its
//! error, and revocation through the root's key.

use super::*;
use depin_primitives::{
	doc_vectors::{array, value, SIGNING_MD},
	x509::{self, vectors, CertificateDer, RootId, X509Chain},
};
use frame_support::BoundedVec;

fn vector(name: &str) -> Vec<u8> {
	value(SIGNING_MD, &format!("x509.{name}"))
}

fn der(bytes: Vec<u8>) -> CertificateDer {
	CertificateDer::try_from(bytes).expect("short enough")
}

/// The P-256 device key the example chain certifies.
fn chip() -> DeviceKey {
	DeviceKey::P256(array(value(SIGNING_MD, "p256.public")))
}

fn root_id() -> RootId {
	array(vector("root_id"))
}

/// The example root registered for maker 0, certifying hotspots.
fn register_root() {
	assert_ok!(MakerRegistry::register_x509_root(
		RuntimeOrigin::root(),
		0,
		der(vector("root")),
		DeviceKind::LoraHotspot,
		Capability::Unrated,
	));
}

fn chain_of(certificates: Vec<Vec<u8>>) -> DeviceCertificate {
	DeviceCertificate::X509(X509Chain {
		root: root_id(),
		certificates: BoundedVec::truncate_from(certificates.into_iter().map(der).collect()),
	})
}

/// The example chain of `docs/signing.md`.
fn example_chain() -> DeviceCertificate {
	chain_of(vec![vector("device"), vector("signer")])
}

fn batch() -> u32 {
	u32::from_be_bytes(array(vector("batch")))
}

#[test]
fn governance_registers_a_root_whose_key_joins_the_makers_keys() {
	new_test_ext().execute_with(|| {
		let root = || der(vector("root"));
		let hotspot = (DeviceKind::LoraHotspot, Capability::Unrated);
		assert_noop!(
			MakerRegistry::register_x509_root(
				RuntimeOrigin::signed(1),
				0,
				root(),
				hotspot.0,
				hotspot.1
			),
			BadOrigin
		);
		let refused = [
			(9, root(), hotspot, Error::<Test>::UnknownMaker),
			(
				0,
				root(),
				(DeviceKind::Compute, Capability::ComputeClass(1)),
				Error::<Test>::KindNotAllowed,
			),
			(
				0,
				root(),
				(DeviceKind::Energy, Capability::Unrated),
				Error::<Test>::CapabilityMismatch,
			),
			(0, der(b"not DER".to_vec()), hotspot, Error::<Test>::MalformedDer),
			// A signer is not self-signed.
			(0, der(vector("signer")), hotspot, Error::<Test>::CertificateIssuerMismatch),
		];
		for (maker, certificate, (kind, capability), error) in refused {
			assert_noop!(
				MakerRegistry::register_x509_root(
					RuntimeOrigin::root(),
					maker,
					certificate,
					kind,
					capability
				),
				error
			);
		}

		register_root();
		let (_, parsed) = x509::parse_root(&vector("root")).unwrap();
		assert_eq!(
			last_event(),
			Event::X509RootRegistered {
				maker: 0,
				root: root_id(),
				index: 1,
				kind: DeviceKind::LoraHotspot,
				capability: Capability::Unrated,
			}
		);
		assert_eq!(
			X509Roots::<Test>::get(root_id()),
			Some(X509RootInfo {
				maker: 0,
				root: parsed,
				kind: DeviceKind::LoraHotspot,
				capability: Capability::Unrated,
			})
		);
		assert_eq!(
			maker(0).keys[1],
			MakerKeyInfo { key: DeviceKey::P256(parsed.public_key), status: KeyStatus::Active }
		);
		assert_noop!(
			MakerRegistry::register_x509_root(
				RuntimeOrigin::root(),
				0,
				root(),
				hotspot.0,
				hotspot.1
			),
			Error::<Test>::RootAlreadyRegistered
		);
		// Another certificate of the same key, for another product line, shares the key's place.
		assert_ok!(MakerRegistry::register_x509_root(
			RuntimeOrigin::root(),
			0,
			der(vectors::LARGE_ROOT.to_vec()),
			DeviceKind::Energy,
			Capability::RatedPowerW(5_000),
		));
		assert_eq!(maker(0).keys.len(), 2);
		MakerRegistry::do_try_state().unwrap();
	});
}

#[test]
fn a_revoked_maker_or_a_full_key_list_takes_no_root() {
	new_test_ext().execute_with(|| {
		let register = || {
			MakerRegistry::register_x509_root(
				RuntimeOrigin::root(),
				0,
				der(vector("root")),
				DeviceKind::LoraHotspot,
				Capability::Unrated,
			)
		};
		for n in 1..MAX_MAKER_KEYS as u8 {
			assert_ok!(MakerRegistry::add_maker_key(
				RuntimeOrigin::signed(1),
				0,
				maker_key(n).public()
			));
		}
		assert_noop!(register(), Error::<Test>::TooManyKeys);
		assert_ok!(MakerRegistry::set_maker_status(RuntimeOrigin::root(), 0, MakerStatus::Revoked));
		assert_noop!(register(), Error::<Test>::MakerIsRevoked);
	});
}

#[test]
fn a_chain_certifies_its_chip_charges_the_fee_and_counts_the_quota() {
	new_test_ext().execute_with(|| {
		register_root();
		let before = Balances::balance(&2);
		let kind = DeviceKind::LoraHotspot;
		let certification = certify(2, chip(), kind, &example_chain(), Registration::First);
		assert_eq!(
			certification,
			Ok(Certification {
				maker: 0,
				key: 1,
				batch: batch(),
				serial: u64::from_be_bytes(array(vector("serial"))),
				capability: Capability::Unrated,
			})
		);
		assert_eq!(Balances::balance(&2), before - ONBOARDING_FEE);
		assert_eq!(maker(0).certified, 1);
		// Registering the same chip again neither pays nor counts.
		assert_ok!(certify(2, chip(), kind, &example_chain(), Registration::Again));
		assert_eq!(maker(0).certified, 1);
		assert_eq!(
			<MakerRegistry as Certifier<u64>>::certify_weight(&example_chain()),
			<() as WeightInfo>::certify_x509()
		);
	});
}

#[test]
fn every_chain_rule_has_its_error_and_changes_nothing() {
	new_test_ext().execute_with(|| {
		let kind = DeviceKind::LoraHotspot;
		assert_refused(chip(), kind, &example_chain(), Error::<Test>::UnknownRoot);
		register_root();

		let mut tampered = vector("device");
		*tampered.last_mut().unwrap() ^= 1;
		let mut truncated = vector("signer");
		truncated.pop();
		let cases = [
			(chain_of(vec![vector("device")]), Error::<Test>::ChainTooShort),
			(
				chain_of(vec![vector("device"), vector("signer"), vector("root")]),
				Error::<Test>::ChainTooLong,
			),
			(chain_of(vec![vector("device"), truncated]), Error::<Test>::MalformedDer),
			(chain_of(vec![tampered, vector("signer")]), Error::<Test>::BadCertificateSignature),
			(
				chain_of(vec![vector("device"), vector("root")]),
				Error::<Test>::CertificateIssuerMismatch,
			),
			(
				chain_of(vec![vector("signer"), vector("signer")]),
				Error::<Test>::DeviceIsCertificateAuthority,
			),
			(
				chain_of(vec![vector("device"), vector("device")]),
				Error::<Test>::NotCertificateAuthority,
			),
		];
		for (chain, error) in cases {
			assert_refused(chip(), kind, &chain, error);
		}

		// Another device's key, and a kind other than the root's.
		assert_refused(
			device(1),
			kind,
			&example_chain(),
			Error::<Test>::CertificateForAnotherDevice,
		);
		assert_refused(
			chip(),
			DeviceKind::Sensor,
			&example_chain(),
			Error::<Test>::CertificateForAnotherKind,
		);

		// The chain's dates against the chain's clock: the device certificate is valid from
		// 2026-01-15 10:00 to 2054-01-15 10:00 (Unix 1,768,471,200 to 2,652,084,000).
		Now::set(1_768_471_199);
		assert_refused(chip(), kind, &example_chain(), Error::<Test>::CertificateNotYetValid);
		Now::set(2_652_084_001);
		assert_refused(chip(), kind, &example_chain(), Error::<Test>::CertificateExpired);
		Now::set(GENESIS_TIME);

		// The maker, its root key and the batch.
		let root_key = maker(0).keys[1].key;
		assert_ok!(MakerRegistry::recall_batch(RuntimeOrigin::signed(1), 0, batch()));
		assert_refused(chip(), kind, &example_chain(), Error::<Test>::BatchRecalled);
		assert_ok!(MakerRegistry::restore_batch(RuntimeOrigin::signed(1), 0, batch()));
		assert_ok!(MakerRegistry::retire_maker_key(RuntimeOrigin::signed(1), 0, root_key));
		assert_refused(chip(), kind, &example_chain(), Error::<Test>::MakerKeyRetired);
		assert_ok!(MakerRegistry::revoke_maker_key(RuntimeOrigin::signed(1), 0, root_key));
		assert_refused(chip(), kind, &example_chain(), Error::<Test>::MakerKeyRevoked);
		assert_ok!(MakerRegistry::reinstate_maker_key(RuntimeOrigin::root(), 0, root_key));
		assert_ok!(MakerRegistry::set_maker_status(
			RuntimeOrigin::root(),
			0,
			MakerStatus::Suspended
		));
		assert_refused(chip(), kind, &example_chain(), Error::<Test>::MakerNotActive);
		assert_ok!(MakerRegistry::set_maker_status(RuntimeOrigin::root(), 0, MakerStatus::Active));

		// The owner's balance and the maker's quota.
		let before = maker(0);
		assert_eq!(
			certify(POOR, chip(), kind, &example_chain(), Registration::First),
			Err(Error::<Test>::InsufficientBalanceForFee.into())
		);
		assert_eq!(maker(0), before);
		assert_ok!(MakerRegistry::set_maker_terms(
			RuntimeOrigin::root(),
			0,
			MakerTerms { quota: 0, ..before.terms }
		));
		assert_refused(chip(), kind, &example_chain(), Error::<Test>::QuotaExhausted);
	});
}

#[test]
fn revoking_the_root_key_or_recalling_the_signer_batch_revokes_its_devices() {
	new_test_ext().execute_with(|| {
		register_root();
		let kind = DeviceKind::LoraHotspot;
		let certification =
			certify(2, chip(), kind, &example_chain(), Registration::First).unwrap();
		assert_eq!(revocation(kind, Some(&certification)), None);
		let root_key = maker(0).keys[1].key;
		assert_ok!(MakerRegistry::revoke_maker_key(RuntimeOrigin::signed(1), 0, root_key));
		assert_eq!(revocation(kind, Some(&certification)), Some(Revocation::MakerKeyRevoked));
		assert_ok!(MakerRegistry::reinstate_maker_key(RuntimeOrigin::root(), 0, root_key));
		assert_ok!(MakerRegistry::recall_batch(RuntimeOrigin::signed(1), 0, batch()));
		assert_eq!(revocation(kind, Some(&certification)), Some(Revocation::BatchRecalled));
		assert_ok!(MakerRegistry::restore_batch(RuntimeOrigin::signed(1), 0, batch()));
		assert_eq!(revocation(kind, Some(&certification)), None);
	});
}

#[test]
fn a_genesis_chain_is_not_dated() {
	new_test_ext().execute_with(|| {
		register_root();
		// The chain has no time while its genesis is built.
		Now::set(0);
		let kind = DeviceKind::LoraHotspot;
		assert_refused(chip(), kind, &example_chain(), Error::<Test>::CertificateNotYetValid);
		assert_ok!(certify(2, chip(), kind, &example_chain(), Registration::Genesis));
	});
}
