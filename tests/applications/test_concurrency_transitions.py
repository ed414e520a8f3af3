"""Two people acting on one application at the same moment, on PostgreSQL:
whichever gets there first, the end state is one the table of moves allows,
the award, the budget and the audit trail agree, and the slower one is
refused in plain words (never a server error).

Each pair is released together from two threads by a ``threading.Barrier``
(as tests/awards/test_concurrency.py does), for a few rounds, each on a
fresh application; each thread closes its database connection.
"""

import threading

import pytest
from django.db import connection
from wagtail.models import ModelLogEntry

from fund.applications.services.withdrawal import application_withdraw
from fund.awards.models.awards import Award, AwardStatus
from fund.awards.services import letters
from fund.awards.services.decisions import application_decline
from fund.awards.services.lifecycle import award_accept, award_decline_by_applicant, award_withdraw
from fund.core.errors import ServiceError
from fund.reviews.services.reviewing import review_reopen
from fund.reviews.services.screening import application_screen
from tests.support import states

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROUNDS = 5
DECISIONS = {"awarded", "declined", "withdrawn"}


def race(*actions):
    """Run the actions at once; returns (done, refused, crashed): the names
    of the actions that went through, the refusals' messages by name, and
    anything else that was raised."""
    barrier = threading.Barrier(len(actions))
    done, refused, crashed = [], {}, []

    def run(name, action):
        try:
            barrier.wait(timeout=30)
            action()
            done.append(name)
        except ServiceError as error:
            refused[name] = error.message
        except Exception as error:  # noqa: BLE001 - any other outcome fails the test
            crashed.append(f"{name}: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert crashed == []
    assert sorted(done + list(refused)) == sorted(name for name, _action in actions)
    return done, refused


# --- the actions, as each person takes them ----------------------------------


def awarding(application, manager):
    return "award", lambda: states.award(application, manager)


def declining(application, manager):
    return "decline", lambda: application_decline(
        early_reason="Decided early in a test.",
        application=application,
        reason="score",
        feedback="Below the line.",
        by=manager,
    )


def withdrawing(application):
    return "withdraw", lambda: application_withdraw(
        application=application, reason="We found other funding."
    )


def submitting_review(call, assignment, reviewer):
    return "review", lambda: states.review_submit(call, assignment, reviewer)


# --- a review submitted at the moment of a decision --------------------------


@pytest.mark.parametrize("decision", ["award", "decline", "withdraw"])
def test_a_review_submitted_as_the_bid_is_decided_never_winds_its_status_back(
    open_call, manager, panel_member, decision
):
    expected = {"award": "awarded", "decline": "declined", "withdraw": "withdrawn"}[decision]
    for _round in range(ROUNDS):
        application, assignment = states.in_review(open_call, manager, panel_member)
        decide = {
            "award": lambda a=application: awarding(a, manager),
            "decline": lambda a=application: declining(a, manager),
            "withdraw": lambda a=application: withdrawing(a),
        }[decision]()

        done, refused = race(submitting_review(open_call, assignment, panel_member), decide)

        assert decision in done
        if "review" in refused:
            assert refused["review"] == "Reviews of this application are closed."
        application.refresh_from_db()
        assert application.status == expected
        states.assert_consistent(application, manager)


def test_a_review_reopened_as_the_bid_is_awarded_leaves_it_awarded(
    open_call, manager, panel_member
):
    for _round in range(ROUNDS):
        application, review = states.reviewed(open_call, manager, panel_member)

        done, refused = race(
            (
                "reopen",
                lambda r=review: review_reopen(review=r, reason="Recheck.", by=manager),
            ),
            awarding(application, manager),
        )

        assert "award" in done
        review.refresh_from_db()
        if "reopen" in refused:
            assert "A decision has been made on this application" in refused["reopen"]
            assert review.status == "submitted"
        else:
            assert review.status == "draft"
        application.refresh_from_db()
        assert application.status == "awarded"
        states.assert_consistent(application, manager)


# --- two decisions at once -------------------------------------------------------


@pytest.mark.parametrize("pair", ["award-decline", "award-withdraw", "decline-withdraw"], ids=str)
def test_two_decisions_at_once_end_in_exactly_one(open_call, manager, pair):
    outcome = {"award": "awarded", "decline": "declined", "withdraw": "withdrawn"}
    for _round in range(ROUNDS):
        application = states.submitted(open_call, status="reviewed")
        make = {
            "award": lambda a=application: awarding(a, manager),
            "decline": lambda a=application: declining(a, manager),
            "withdraw": lambda a=application: withdrawing(a),
        }
        first, second = pair.split("-")

        done, refused = race(make[first](), make[second]())

        assert len(done) == 1 and len(refused) == 1
        application.refresh_from_db()
        assert application.status == outcome[done[0]]
        assert list(refused.values())[0]  # a message, in words
        states.assert_consistent(application, manager)


def test_screening_as_the_applicant_withdraws_ends_in_a_state_the_table_allows(open_call, manager):
    for number in range(ROUNDS * 2):
        eligible = number % 2 == 0
        application = states.submitted(open_call)

        done, refused = race(
            (
                "screen",
                lambda a=application, e=eligible: application_screen(
                    application=a, eligible=e, reason="" if e else "amount", by=manager
                ),
            ),
            withdrawing(application),
        )

        application.refresh_from_db()
        if eligible:
            # eligible -> withdrawn is allowed; a withdrawn bid is not screened.
            assert "withdraw" in done
            assert application.status == "withdrawn"
        elif "withdraw" in refused:
            # Screened out first: there is nothing left to withdraw.
            assert application.status == "ineligible"
        else:
            assert application.status == "withdrawn"
            assert "screen" in refused
        states.assert_consistent(application, manager)


# --- the award's own life: staff and applicant at once ----------------------------


@pytest.mark.parametrize("applicant", ["accept", "decline"])
def test_the_applicant_answering_the_offer_as_staff_withdraw_it(
    open_call, manager, panel_member, applicant
):
    for _round in range(ROUNDS):
        made = states.offered(open_call, manager, panel_member)
        answer = {
            "accept": lambda a=made: award_accept(award=a, name="Sam Example", position="Chair"),
            "decline": lambda a=made: award_decline_by_applicant(
                award=a, reason="We found other funding.", by=None
            ),
        }[applicant]

        done, refused = race(
            (applicant, answer),
            (
                "withdraw",
                lambda a=made: award_withdraw(
                    award=a, reason="The project cannot go ahead.", by=manager
                ),
            ),
        )

        made.refresh_from_db()
        if applicant == "accept":
            # offered -> accepted -> withdrawn, or withdrawn and the acceptance refused.
            assert "withdraw" in done
            assert made.status == AwardStatus.WITHDRAWN
        else:
            assert len(done) == 1 and len(refused) == 1
            assert (
                made.status
                == {
                    "decline": AwardStatus.DECLINED,
                    "withdraw": AwardStatus.WITHDRAWN,
                }[done[0]]
            )
        assert made.ledger_entries.filter(kind="release").count() == 1
        assert Award.objects.get(pk=made.pk).application.status == "awarded"
        states.assert_consistent(made.application, manager)


def test_a_letter_reissued_as_the_award_is_withdrawn_is_never_issued_for_a_withdrawn_award(
    open_call, manager, panel_member, finance
):

    for _round in range(ROUNDS):
        made = states.offered(open_call, manager, panel_member)
        versions = made.letters.count()

        done, refused = race(
            (
                "reissue",
                lambda a=made: letters.letter_request(
                    award=a, reason="The address changed.", by=finance
                ),
            ),
            (
                "withdraw",
                lambda a=made: award_withdraw(
                    award=a, reason="The project cannot go ahead.", by=manager
                ),
            ),
        )

        assert "withdraw" in done
        made.refresh_from_db()
        assert made.status == AwardStatus.WITHDRAWN
        if "reissue" in refused:
            assert "no new letter can be issued" in refused["reissue"]
            assert made.letters.count() == versions
        else:
            # Asked for while the offer stood: the withdrawal came after it.
            assert made.letters.count() == versions + 1
            actions = list(
                ModelLogEntry.objects.for_instance(made.application)
                .filter(action__in=["fund.letter.request", "fund.award.withdraw"])
                .order_by("pk")
                .values_list("action", flat=True)
            )
            assert actions[-2:] == ["fund.letter.request", "fund.award.withdraw"]
        states.assert_consistent(made.application, manager)
