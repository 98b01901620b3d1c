"""nbgrader configuration of the course's problem sets (run nbgrader from this folder).

Layout (nbgrader's defaults): source/psNN_topic/ holds the instructor versions (solution
regions, hidden tests, rubrics); release/psNN_topic/ the student versions that
`nbgrader generate_assignment` makes from them; submitted/, autograded/, feedback/ and
gradebook.db appear when grading and are not committed.
"""
c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "model-collapse"

# What a student finds in place of a solution region.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Autograding: a cell that runs longer than this is interrupted (an infinite loop costs
# its own points, not the batch); every other cell still runs.
c.Execute.timeout = 20
c.Execute.interrupt_on_timeout = True

# Keep a submission's output small in the autograded copy and the feedback.
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 50
