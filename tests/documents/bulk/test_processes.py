from documents.bulk import processes


def test_a_bulk_run_collects_garbage_less_often_and_leaves_the_process_as_it_found_it():
    import gc

    before = gc.get_threshold()
    with processes.bulk_collection():
        assert gc.get_threshold() == processes.BULK_GC_THRESHOLD and gc.get_freeze_count() > 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
