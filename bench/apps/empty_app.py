__import__("streamlit").write("Hello")  # the framework's floor: one line, one element
