//! Real extrinsics through `Executive`, as a block applies them and as the transaction pool
//! validates them, with the runtime's transaction extensions: signed transactions of owners, and
//! the feeless general transactions that devices authorize with their own signatures.

mod common;

use codec::Encode;
use common::*;
use depin_primitives::{signing::DeviceSigner, DeviceKind};
use depin_runtime::{
	tx_extension, AccountId, Executive, Header, Runtime, RuntimeCall, SignedPayload, System,
	UncheckedExtrinsic, DPN, SLOT_DURATION,
};
use frame_support::storage::with_transaction;
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	generic::Era,
	traits::Header as _,
	transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
	ApplyExtrinsicResult, DispatchError, MultiAddress, MultiSignature, TransactionOutcome,
};

/// Starts block `System::block_number() + 1` through `Executive`, authored by Alice, with its
/// timestamp inherent applied.
fn open_block() {
	let number = System::block_number() + 1;
	let parent =
		if number > 1 { Executive::finalize_block().hash() } else { System::block_hash(0) };
	let header =
		Header::new(number, Default::default(), Default::default(), parent, aura_digest(number));
	Executive::initialize_block(&header);
	let now = u64::from(number) * SLOT_DURATION;
	let timestamp =
		UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(pallet_timestamp::Call::set { now }));
	assert_eq!(Executive::apply_extrinsic(timestamp), Ok(Ok(())));
}

/// `signer`'s signature of `call` with nonce `nonce`, immortal, no tip.
fn signature(call: &RuntimeCall, signer: &sr25519::Pair, nonce: u32) -> MultiSignature {
	let payload = SignedPayload::new(call.clone(), tx_extension(Era::Immortal, nonce))
		.expect("the implicit data is there");
	MultiSignature::Sr25519(payload.using_encoded(|bytes| signer.sign(bytes)))
}

/// `call` by `signer`'s account with nonce `nonce`, carrying `signature`.
fn with_signature(
	call: RuntimeCall,
	signer: &sr25519::Pair,
	nonce: u32,
	signature: MultiSignature,
) -> UncheckedExtrinsic {
	UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(AccountId::from(signer.public())),
		signature,
		tx_extension(Era::Immortal, nonce),
	)
}

/// `call` signed by `signer` with nonce `nonce`, immortal, no tip.
fn signed(call: RuntimeCall, signer: &sr25519::Pair, nonce: u32) -> UncheckedExtrinsic {
	let signature = signature(&call, signer, nonce);
	with_signature(call, signer, nonce, signature)
}

/// `call` as a general transaction: no signer, no nonce, no fee.
fn general(call: RuntimeCall) -> UncheckedExtrinsic {
	UncheckedExtrinsic::new_transaction(call, tx_extension(Era::Immortal, 0))
}

/// What the pool would say of `extrinsic` on the current state.
fn validate(extrinsic: &UncheckedExtrinsic) -> Result<(), TransactionValidityError> {
	let parent = System::parent_hash();
	Executive::validate_transaction(TransactionSource::External, extrinsic.clone(), parent)
		.map(|_| ())
}

/// Applies `extrinsic` as the node's block builder does: in a storage transaction that a
/// refused extrinsic rolls back, so that it is left out of the block.
fn apply(extrinsic: UncheckedExtrinsic) -> ApplyExtrinsicResult {
	with_transaction(|| {
		let result = Executive::apply_extrinsic(extrinsic);
		let outcome =
			if result.is_ok() { TransactionOutcome::Commit } else { TransactionOutcome::Rollback };
		outcome(Ok::<_, DispatchError>(result))
	})
	.expect("the storage layer opens")
}

fn pair(who: Sr25519Keyring) -> sr25519::Pair {
	who.pair()
}

#[test]
fn a_signed_transfer_is_validated_applied_and_charged_with_the_runtimes_extensions() {
	dev_chain().execute_with(|| {
		open_block();
		let (alice, bob) = (account(Sr25519Keyring::Alice), account(Sr25519Keyring::Bob));
		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: MultiAddress::Id(bob.clone()),
			value: 10 * DPN,
		});
		let (alice_before, bob_before) = (free(&alice), free(&bob));
		let extrinsic = signed(transfer.clone(), &pair(Sr25519Keyring::Alice), 0);
		assert_eq!(validate(&extrinsic), Ok(()));
		assert_eq!(apply(extrinsic.clone()), Ok(Ok(())));
		assert_eq!(free(&bob) - bob_before, 10 * DPN);
		let fee = alice_before - free(&alice) - 10 * DPN;
		assert!(fee > 0, "the signer paid a fee");
		assert_eq!(System::account_nonce(&alice), 1);

		// The same extrinsic again: its nonce is used.
		let stale = TransactionValidityError::Invalid(InvalidTransaction::Stale);
		assert_eq!(validate(&extrinsic), Err(stale));
		assert_eq!(apply(extrinsic), Err(stale));
		// A signature over other bytes: signed for nonce 2, sent with nonce 1.
		let alice_pair = pair(Sr25519Keyring::Alice);
		let other = signature(&transfer, &alice_pair, 2);
		let forged = with_signature(transfer.clone(), &alice_pair, 1, other);
		let bad_proof = TransactionValidityError::Invalid(InvalidTransaction::BadProof);
		assert_eq!(validate(&forged), Err(bad_proof));
		assert_eq!(apply(forged), Err(bad_proof));
		assert_eq!(
			(free(&alice), System::account_nonce(&alice)),
			(alice_before - 10 * DPN - fee, 1)
		);
		// A sender that cannot pay.
		let poor = sr25519::Pair::from_seed(&[42; 32]);
		let unpaid = TransactionValidityError::Invalid(InvalidTransaction::Payment);
		assert_eq!(validate(&signed(transfer, &poor, 0)), Err(unpaid));
	});
}

#[test]
fn device_proofs_apply_as_general_transactions_without_a_signer_or_fee() {
	dev_chain().execute_with(|| {
		open_block();
		let charlie = pair(Sr25519Keyring::Charlie);
		let (sensor, beaconer, witness) = (device(1), device(2), device(3));
		let registrations: [(&DeviceSigner, DeviceKind); 3] = [
			(&sensor, DeviceKind::Sensor),
			(&beaconer, DeviceKind::LoraHotspot),
			(&witness, DeviceKind::LoraHotspot),
		];
		let mut nonce = 0;
		for (signer, kind) in registrations {
			let call = register_call(signer, kind, Sr25519Keyring::Charlie);
			assert_eq!(apply(signed(call, &charlie, nonce)), Ok(Ok(())));
			nonce += 1;
		}
		for (signer, cell) in [(&beaconer, NOTRE_DAME), (&witness, EIFFEL)] {
			assert_eq!(
				apply(signed(locate_call(signer.public(), cell), &charlie, nonce)),
				Ok(Ok(()))
			);
			nonce += 1;
		}
		open_block();

		let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
		let charlie_before = free(&account(Sr25519Keyring::Charlie));
		let heartbeat = general(heartbeat_call(&sensor));
		assert_eq!(validate(&heartbeat), Ok(()));
		assert_eq!(apply(heartbeat.clone()), Ok(Ok(())));
		assert_eq!(
			pallet_coverage::LastHeartbeat::<Runtime>::get(sensor.public()),
			Some(pallet_coverage::CurrentEpoch::<Runtime>::get())
		);
		let receipt = general(receipt_call(&beaconer, &witness));
		assert_eq!(validate(&receipt), Ok(()));
		assert_eq!(apply(receipt.clone()), Ok(Ok(())));
		assert!(pallet_coverage::LastBeacon::<Runtime>::get(beaconer.public()).is_some());
		assert_eq!(
			pallet_coverage::CurrentEpochActivity::<Runtime>::get().proofs.witnesses_selected,
			1
		);
		// Nobody paid: no fee was withdrawn, from the owner or anyone.
		assert_eq!(free(&account(Sr25519Keyring::Charlie)), charlie_before);
		assert_eq!(pallet_balances::TotalIssuance::<Runtime>::get(), issuance);

		// Replays are refused with the pallet's error code, as the pool reports it.
		let code = |error: pallet_coverage::Error<Runtime>| {
			TransactionValidityError::Invalid(InvalidTransaction::Custom(error.encode()[0]))
		};
		let already = code(pallet_coverage::Error::HeartbeatAlreadyAccepted);
		assert_eq!(validate(&heartbeat), Err(already));
		assert_eq!(apply(heartbeat), Err(already));
		let too_soon = code(pallet_coverage::Error::BeaconTooSoon);
		assert_eq!(validate(&receipt), Err(too_soon));
		assert_eq!(apply(receipt), Err(too_soon));
		// A heartbeat signed by another key.
		let mut forged = heartbeat_call(&device(9));
		if let RuntimeCall::Coverage(pallet_coverage::Call::submit_heartbeat {
			heartbeat, ..
		}) = &mut forged
		{
			heartbeat.device = device(4).public();
		}
		let unknown = code(pallet_coverage::Error::UnknownDevice);
		assert_eq!(apply(general(forged)), Err(unknown));
		// The refusals left the proofs' state as the accepted ones made it.
		assert_eq!(pallet_coverage::CurrentEpochActivity::<Runtime>::get().proofs.heartbeats, 1);
		assert_eq!(
			pallet_coverage::CurrentEpochActivity::<Runtime>::get().proofs.receipts_accepted,
			1
		);
	});
}

#[test]
fn a_general_transaction_of_a_call_no_pallet_authorizes_is_refused() {
	dev_chain().execute_with(|| {
		open_block();
		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: MultiAddress::Id(account(Sr25519Keyring::Bob)),
			value: DPN,
		});
		let bob_before = free(&account(Sr25519Keyring::Bob));
		let extrinsic = general(transfer);
		let refused = TransactionValidityError::Invalid(InvalidTransaction::UnknownOrigin);
		assert_eq!(validate(&extrinsic), Err(refused));
		assert_eq!(apply(extrinsic), Err(refused));
		assert_eq!(free(&account(Sr25519Keyring::Bob)), bob_before);
	});
}
