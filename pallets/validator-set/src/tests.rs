use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::{Get, Hooks},
};
use pallet_session::SessionManager;
use sp_runtime::{testing::UintAuthorityId, DispatchError};

/// Advances to block `to`, each block authored round-robin by the active validators not in
/// `silent`.
fn run_to_block(to: u64, silent: &[u64]) {
	let mut now = System::block_number();
	while now < to {
		now += 1;
		System::set_block_number(now);
		let authors: Vec<u64> = pallet_session::Validators::<Test>::get()
			.into_iter()
			.filter(|v| !silent.contains(v))
			.collect();
		if !authors.is_empty() {
			let author = authors[(now as usize) % authors.len()];
			<ValidatorSet as pallet_authorship::EventHandler<u64, u64>>::note_author(author);
		}
		Session::on_initialize(now);
		ValidatorSet::do_try_state().expect("invariants hold");
	}
}

/// Advances to the first block of session `index`.
fn run_to_session(index: u32, silent: &[u64]) {
	while pallet_session::CurrentIndex::<Test>::get() < index {
		run_to_block(System::block_number() + 1, silent);
	}
}

fn register_keys(who: u64) {
	assert_ok!(Session::set_keys(RuntimeOrigin::signed(who), UintAuthorityId(who), vec![]));
}

fn planned() -> Vec<u64> {
	Validators::<Test>::get().into_inner()
}

fn active() -> Vec<u64> {
	pallet_session::Validators::<Test>::get()
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event was deposited").event
}

#[test]
fn genesis_validators_are_active() {
	new_test_ext().execute_with(|| {
		assert_eq!(planned(), vec![1, 2, 3]);
		assert_eq!(active(), vec![1, 2, 3]);
		assert_eq!(SessionLength::<Test>::get(), SESSION_LENGTH);
	});
}

#[test]
fn added_validator_becomes_active_two_sessions_later() {
	new_test_ext().execute_with(|| {
		register_keys(4);
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		assert_eq!(last_event(), Event::ValidatorAdded { validator: 4 }.into());
		assert_eq!(planned(), vec![1, 2, 3, 4]);

		run_to_session(1, &[]);
		assert_eq!(active(), vec![1, 2, 3], "queued, not yet active");
		run_to_session(2, &[]);
		assert_eq!(active(), vec![1, 2, 3, 4]);
	});
}

#[test]
fn add_validator_rejects_bad_input_without_changes() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::signed(1), 4),
			DispatchError::BadOrigin
		);
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 4),
			Error::<Test>::SessionKeysNotSet
		);
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::AlreadyValidator
		);
		for who in [4, 5] {
			register_keys(who);
			assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), who));
		}
		register_keys(6);
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 6),
			Error::<Test>::TooManyValidators
		);
	});
}

#[test]
fn removed_validator_stops_two_sessions_later() {
	new_test_ext().execute_with(|| {
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 3));
		assert_eq!(last_event(), Event::ValidatorRemoved { validator: 3 }.into());
		assert_eq!(planned(), vec![1, 2]);
		run_to_session(1, &[]);
		assert_eq!(active(), vec![1, 2, 3]);
		run_to_session(2, &[]);
		assert_eq!(active(), vec![1, 2]);
	});
}

#[test]
fn remove_validator_rejects_bad_input_without_changes() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::signed(1), 3),
			DispatchError::BadOrigin
		);
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 4),
			Error::<Test>::NotValidator
		);
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 3));
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::TooFewValidators
		);
	});
}

#[test]
fn validator_that_authored_nothing_is_removed() {
	new_test_ext().execute_with(|| {
		run_to_session(1, &[3]);
		assert_eq!(
			System::events()
				.iter()
				.filter(|r| r.event
					== Event::InactiveValidatorRemoved { validator: 3, session: 0 }.into())
				.count(),
			1
		);
		assert_eq!(planned(), vec![1, 2]);
		run_to_session(3, &[3]);
		assert_eq!(active(), vec![1, 2]);
		// Counters restart with every session.
		assert_eq!(AuthoredBlocks::<Test>::iter().count(), 0);
		run_to_block(System::block_number() + 1, &[3]);
		assert_eq!(AuthoredBlocks::<Test>::iter().count(), 1);
	});
}

#[test]
fn inactivity_never_shrinks_the_set_below_the_minimum() {
	new_test_ext().execute_with(|| {
		run_to_session(1, &[2, 3]);
		assert_eq!(planned().len() as u32, <<Test as Config>::MinValidators as Get<u32>>::get());
		assert_eq!(planned(), vec![1, 3]);
	});
}

#[test]
fn active_validators_are_kept() {
	new_test_ext().execute_with(|| {
		run_to_session(4, &[]);
		assert_eq!(planned(), vec![1, 2, 3]);
		assert_eq!(active(), vec![1, 2, 3]);
		assert!(System::events().iter().all(|r| !matches!(
			r.event,
			RuntimeEvent::ValidatorSet(Event::InactiveValidatorRemoved { .. })
		)));
	});
}

#[test]
fn queued_validator_is_not_judged_before_it_is_active() {
	new_test_ext().execute_with(|| {
		register_keys(4);
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		// Session 1 ends while 4 is only queued: it cannot have authored, and must stay.
		run_to_session(2, &[]);
		assert_eq!(planned(), vec![1, 2, 3, 4]);
		assert_eq!(active(), vec![1, 2, 3, 4]);
	});
}

#[test]
fn session_length_is_set_by_root_and_drives_rotation() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			ValidatorSet::set_session_length(RuntimeOrigin::signed(1), 8),
			DispatchError::BadOrigin
		);
		assert_noop!(
			ValidatorSet::set_session_length(RuntimeOrigin::root(), 1),
			Error::<Test>::SessionLengthTooShort
		);
		assert_ok!(ValidatorSet::set_session_length(RuntimeOrigin::root(), 8));
		assert_eq!(last_event(), Event::SessionLengthChanged { length: 8 }.into());
		run_to_session(1, &[]);
		assert_eq!(System::block_number(), 8);
		run_to_session(2, &[]);
		assert_eq!(System::block_number(), 16);
	});
}

#[test]
fn estimates_follow_the_session_clock() {
	use frame_support::traits::EstimateNextSessionRotation;
	new_test_ext().execute_with(|| {
		run_to_session(1, &[]);
		let start = System::block_number();
		assert_eq!(ValidatorSet::average_session_length(), SESSION_LENGTH);
		assert_eq!(
			ValidatorSet::estimate_next_session_rotation(start).0,
			Some(start + SESSION_LENGTH)
		);
		assert_eq!(
			ValidatorSet::estimate_current_session_progress(start).0,
			Some(sp_runtime::Permill::from_rational(1u64, SESSION_LENGTH))
		);
	});
}

#[test]
fn new_session_reports_only_changes() {
	new_test_ext().execute_with(|| {
		assert_eq!(ValidatorSet::new_session(2), None);
		register_keys(4);
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		assert_eq!(ValidatorSet::new_session(2), Some(vec![1, 2, 3, 4]));
		assert_eq!(ValidatorSet::new_session(3), None);
	});
}

fn build_genesis(initial_validators: Vec<u64>, session_length: u64) {
	use sp_runtime::BuildStorage;
	let _ = crate::GenesisConfig::<Test> { initial_validators, session_length }.build_storage();
}

#[test]
#[should_panic(expected = "genesis: duplicate initial validator")]
fn genesis_rejects_a_duplicate_validator() {
	build_genesis(vec![1, 2, 1], SESSION_LENGTH);
}

#[test]
#[should_panic(expected = "genesis: session_length below MinSessionLength")]
fn genesis_rejects_a_session_shorter_than_the_minimum() {
	build_genesis(vec![1, 2], 1);
}

#[test]
#[should_panic(expected = "genesis: fewer initial validators than MinValidators")]
fn genesis_rejects_too_few_validators() {
	build_genesis(vec![1], SESSION_LENGTH);
}
